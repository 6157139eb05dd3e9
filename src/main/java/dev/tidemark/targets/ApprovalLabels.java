package dev.tidemark.targets;

import java.util.Map;
import java.util.Optional;

/**
 * How a target's labels raise the approvals its remediations need, as decided where remediations are approved. An
 * OPERATOR must not be able to lower them by relabelling a target (or removing and registering it again): the
 * approvals are the second person's check, and only an ADMIN sets what they are.
 */
public interface ApprovalLabels {

	/**
	 * What moving a target from {@code from} to {@code to} labels lowers, e.g. {@code MEDIUM 2 → 1, HIGH 3 → 2};
	 * empty when no risk class needs fewer approvals afterwards.
	 */
	Optional<String> lowered(Map<String, String> from, Map<String, String> to);
}
