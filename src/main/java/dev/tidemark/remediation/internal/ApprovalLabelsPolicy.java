package dev.tidemark.remediation.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tidemark.remediation.Plan;
import dev.tidemark.targets.ApprovalLabels;

import org.springframework.stereotype.Component;

/** {@link ApprovalLabels} from {@code tidemark.remediation.approvals-by-label}. */
@Component
class ApprovalLabelsPolicy implements ApprovalLabels {

	private final RemediationSettings settings;

	ApprovalLabelsPolicy(RemediationSettings settings) {
		this.settings = settings;
	}

	@Override
	public Optional<String> lowered(Map<String, String> from, Map<String, String> to) {
		List<String> lowered = new ArrayList<>();
		for (Plan.Risk risk : Plan.Risk.values()) {
			int before = settings.required(risk, from);
			int after = settings.required(risk, to);
			if (after < before) {
				lowered.add(risk + " " + before + " → " + after);
			}
		}
		return lowered.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", lowered));
	}
}
