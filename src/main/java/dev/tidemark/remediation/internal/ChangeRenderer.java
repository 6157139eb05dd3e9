package dev.tidemark.remediation.internal;

import java.util.List;
import java.util.UUID;

import dev.tidemark.checks.change.AccessChange;
import dev.tidemark.checks.change.MigrationChange;
import dev.tidemark.checks.change.NamespaceChange;
import dev.tidemark.checks.change.RelationChange;
import dev.tidemark.checks.change.RoutineChange;
import dev.tidemark.checks.change.SchemaChange;
import dev.tidemark.checks.change.TimescaleChange;

/**
 * Turns a typed change into changesets, one renderer per family. Each family's switch is exhaustive over its
 * sealed records, so a new change does not compile until it renders.
 */
public final class ChangeRenderer {

	private ChangeRenderer() {
	}

	/** As a plan with a nil id renders it (only migration bookkeeping uses the plan's id). */
	public static List<Draft> render(SchemaChange change) {
		return render(change, new UUID(0, 0));
	}

	/** {@code remediationId} names the rows bookkeeping writes, the same in every rendering of one plan. */
	public static List<Draft> render(SchemaChange change, UUID remediationId) {
		return switch (change) {
			case RelationChange c -> RelationRenderer.render(c);
			case NamespaceChange c -> NamespaceRenderer.render(c);
			case RoutineChange c -> RoutineRenderer.render(c);
			case AccessChange c -> AccessRenderer.render(c);
			case TimescaleChange c -> TimescaleRenderer.render(c);
			case MigrationChange c -> BookkeepingRenderer.render(c, remediationId);
		};
	}
}
