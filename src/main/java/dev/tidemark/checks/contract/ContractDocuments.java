package dev.tidemark.checks.contract;

import java.util.List;
import java.util.Map;

import dev.tidemark.common.StorableText;

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
		return read(text, kind, ruleId -> true);
	}

	/**
	 * Also refuses {@code ignore} entries naming a rule {@code knownRule} does not know: such an entry would never
	 * match, silently.
	 *
	 * @throws ContractException when the text does not parse (one problem) or contradicts itself (all problems)
	 */
	public static Contract read(String text, MediaTypeKind kind, java.util.function.Predicate<String> knownRule) {
		refuseUnstorableCharacters(text);
		Contract contract = ContractParser.parse(text, kind);
		List<ContractProblem> problems = new java.util.ArrayList<>(ContractValidator.validate(contract));
		for (int i = 0; i < contract.ignore().size(); i++) {
			String rule = contract.ignore().get(i).rule();
			String at = "ignore[" + i + "].rule";
			if (rule != null && problems.stream().noneMatch(p -> p.path().equals(at)) && !knownRule.test(rule)) {
				problems.add(ContractProblem.at(at,
						"no rule has the id '" + rule + "'; GET /api/v1/rules lists them"));
			}
		}
		if (problems.isEmpty()) {
			return contract;
		}
		Map<String, TokenStreamLocation> locations = ContractParser.locations(text, kind);
		throw new ContractException(problems.stream().map(problem -> {
			TokenStreamLocation at = SourceLocations.find(locations, problem.path());
			return at == null ? problem : problem.withLocation(ContractParser.line(at), ContractParser.column(at));
		}).toList());
	}

	/** The document is stored as sent, comments and all: a character the store cannot hold is refused anywhere. */
	private static void refuseUnstorableCharacters(String text) {
		String problem = StorableText.problem(text);
		if (problem == null) {
			return;
		}
		int at = 0;
		while (at < text.length()) {
			char c = text.charAt(at);
			if (Character.isHighSurrogate(c) && at + 1 < text.length() && Character.isLowSurrogate(text.charAt(at + 1))) {
				at += 2;
			}
			else if (c == '\u0000' || Character.isSurrogate(c)) {
				break;
			}
			else {
				at++;
			}
		}
		String before = text.substring(0, at);
		int line = (int) before.chars().filter(ch -> ch == '\n').count() + 1;
		int column = at - before.lastIndexOf('\n');
		throw new ContractException(List.of(new ContractProblem("", line, column, "the document " + problem)));
	}

	public static String write(Contract contract, MediaTypeKind kind) {
		return ContractParser.write(contract, kind);
	}
}
