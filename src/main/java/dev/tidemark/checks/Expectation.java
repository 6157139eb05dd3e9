package dev.tidemark.checks;

import dev.tidemark.checks.contract.Contract;

/**
 * One source of "what should be" for contract rules: the target's contract, or a contract derived from its
 * reference (another target's or a stored snapshot). A reference is exhaustive: objects it lacks are unexpected.
 */
public record Expectation(Source source, Contract contract, boolean exhaustive) {

	public enum Source {
		CONTRACT, REFERENCE
	}
}
