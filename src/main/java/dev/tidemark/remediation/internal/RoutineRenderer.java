package dev.tidemark.remediation.internal;

import java.util.List;

import dev.tidemark.checks.change.RoutineChange;

/** Changesets for {@link RoutineChange}s. */
final class RoutineRenderer {

	private RoutineRenderer() {
	}

	static List<Generators.Draft> render(RoutineChange change) {
		return switch (change) {
			case RoutineChange.Placeholder p -> List.of();
		};
	}
}
