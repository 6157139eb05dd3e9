package dev.tidemark.remediation.internal;

import java.util.List;

import dev.tidemark.checks.change.NamespaceChange;

/** Changesets for {@link NamespaceChange}s. */
final class NamespaceRenderer {

	private NamespaceRenderer() {
	}

	static List<Generators.Draft> render(NamespaceChange change) {
		return switch (change) {
			case NamespaceChange.Placeholder p -> List.of();
		};
	}
}
