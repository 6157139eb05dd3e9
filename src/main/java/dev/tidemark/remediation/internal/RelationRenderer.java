package dev.tidemark.remediation.internal;

import java.util.List;

import dev.tidemark.checks.change.RelationChange;

/** Changesets for {@link RelationChange}s. */
final class RelationRenderer {

	private RelationRenderer() {
	}

	static List<Generators.Draft> render(RelationChange change) {
		return switch (change) {
			case RelationChange.Placeholder p -> List.of();
		};
	}
}
