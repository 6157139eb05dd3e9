package dev.tidemark.checks.contract;

import java.util.List;
import java.util.Map;

import tools.jackson.core.TokenStreamLocation;

/**
 * The one entry point for a contract document arriving over the API: parse, then check for contradictions, and
 * refuse with every problem at once. Semantic problems get the line of the key they point at, or of its nearest
 * enclosing key when the key itself is missing.
 */
public final class ContractDocuments {

	private ContractDocuments() {
	}

	/**
	 * @throws ContractException when the text does not parse (one problem) or contradicts itself (all problems)
	 */
	public static Contract read(String text, MediaTypeKind kind) {
		Contract contract = ContractParser.parse(text, kind);
		List<ContractProblem> problems = ContractValidator.validate(contract);
		if (problems.isEmpty()) {
			return contract;
		}
		Map<String, TokenStreamLocation> locations = ContractParser.locations(text, kind);
		throw new ContractException(problems.stream().map(problem -> {
			TokenStreamLocation at = SourceLocations.find(locations, problem.path());
			return at == null ? problem : problem.withLocation(ContractParser.line(at), ContractParser.column(at));
		}).toList());
	}

	public static String write(Contract contract, MediaTypeKind kind) {
		return ContractParser.write(contract, kind);
	}
}
