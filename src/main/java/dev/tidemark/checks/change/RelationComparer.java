package dev.tidemark.checks.change;

import java.util.List;

import dev.tidemark.inspection.model.CatalogSnapshot;

/** Differences in the objects of {@link RelationChange}. */
final class RelationComparer implements FamilyComparer {

	@Override
	public List<Difference> compare(CatalogSnapshot target, CatalogSnapshot reference) {
		return List.of();
	}
}
