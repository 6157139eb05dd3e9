package dev.tidemark.checks;

import java.util.UUID;

public class IgnoreRuleNotFoundException extends RuntimeException {

	public IgnoreRuleNotFoundException(UUID ignoreRuleId) {
		super("No ignore rule with id " + ignoreRuleId);
	}
}
