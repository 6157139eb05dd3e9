package dev.tidemark.checks.contract;

import java.util.List;
import java.util.stream.Collectors;

/** A contract document was refused: it does not parse, names unknown keys, or contradicts itself. */
public class ContractException extends RuntimeException {

	private final List<ContractProblem> problems;

	public ContractException(List<ContractProblem> problems) {
		super(summary(problems));
		this.problems = List.copyOf(problems);
	}

	public List<ContractProblem> problems() {
		return problems;
	}

	private static String summary(List<ContractProblem> problems) {
		if (problems.isEmpty()) {
			throw new IllegalArgumentException("a refused contract needs at least one problem");
		}
		return "The contract was refused: " + problems.stream().map(ContractProblem::toString)
			.collect(Collectors.joining("; "));
	}
}
