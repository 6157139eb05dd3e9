package dev.tidemark.remediation.internal;

import java.util.List;

import dev.tidemark.checks.change.AccessChange;

/** Changesets for {@link AccessChange}s. */
final class AccessRenderer {

	private AccessRenderer() {
	}

	static List<Generators.Draft> render(AccessChange change) {
		return switch (change) {
			case AccessChange.Placeholder p -> List.of();
		};
	}
}
