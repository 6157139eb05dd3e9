package dev.tidemark.checks;

import org.jspecify.annotations.Nullable;

/**
 * Whether Tidemark can repair a finding automatically, and if not, why and what to do instead.
 *
 * @param automatic a remediation can be proposed for it
 * @param summary what the repair does, or why there is none
 * @param instead for findings without an automatic repair: what a person should do
 */
public record Repair(boolean automatic, String summary, @Nullable String instead) {

	public static Repair automatic(String summary) {
		return new Repair(true, summary, null);
	}

	public static Repair manual(String reason, String instead) {
		return new Repair(false, reason, instead);
	}
}
