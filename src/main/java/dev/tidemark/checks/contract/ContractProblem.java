package dev.tidemark.checks.contract;

import org.jspecify.annotations.Nullable;

/**
 * One thing wrong with a contract document. {@code path} points into the document the way a reader navigates it
 * ({@code tables[2].columns[0].type}, empty for the document itself); {@code line} and {@code column} are 1-based
 * and null when not known.
 */
public record ContractProblem(String path, @Nullable Integer line, @Nullable Integer column, String message) {

	public static ContractProblem at(String path, String message) {
		return new ContractProblem(path, null, null, message);
	}

	ContractProblem withLocation(@Nullable Integer line, @Nullable Integer column) {
		return new ContractProblem(path, line, column, message);
	}

	/** {@code tables[0].name (line 3, column 11): must be schema-qualified}. */
	@Override
	public String toString() {
		StringBuilder out = new StringBuilder(path.isEmpty() ? "(document)" : path);
		if (line != null) {
			out.append(" (line ").append(line);
			if (column != null) {
				out.append(", column ").append(column);
			}
			out.append(')');
		}
		return out.append(": ").append(message).toString();
	}
}
