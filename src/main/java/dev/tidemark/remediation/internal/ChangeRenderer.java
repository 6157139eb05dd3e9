package dev.tidemark.remediation.internal;

import java.util.List;

import dev.tidemark.checks.change.AccessChange;
import dev.tidemark.checks.change.NamespaceChange;
import dev.tidemark.checks.change.RelationChange;
import dev.tidemark.checks.change.RoutineChange;
import dev.tidemark.checks.change.SchemaChange;

/**
 * Turns a typed change into changesets, one renderer per family. Each family's switch is exhaustive over its
 * sealed records, so a new change does not compile until it renders.
 */
public final class ChangeRenderer {

	private ChangeRenderer() {
	}

	public static List<Generators.Draft> render(SchemaChange change) {
		return switch (change) {
			case RelationChange c -> RelationRenderer.render(c);
			case NamespaceChange c -> NamespaceRenderer.render(c);
			case RoutineChange c -> RoutineRenderer.render(c);
			case AccessChange c -> AccessRenderer.render(c);
		};
	}
}
