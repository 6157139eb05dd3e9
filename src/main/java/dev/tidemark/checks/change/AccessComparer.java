package dev.tidemark.checks.change;

import java.util.List;

import dev.tidemark.inspection.model.CatalogSnapshot;

/** Differences in the objects of {@link AccessChange}. */
final class AccessComparer implements FamilyComparer {

	@Override
	public List<Difference> compare(CatalogSnapshot target, CatalogSnapshot reference) {
		return List.of();
	}
}
