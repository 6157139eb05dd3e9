package dev.tidemark.checks.change;

import java.util.List;

import dev.tidemark.inspection.model.CatalogSnapshot;

/**
 * Compares one family of object kinds between a target and its reference. Each object that differs is one
 * {@link Difference}; objects inside a missing or extra parent may be reported too (they are folded into the
 * parent's difference) or left to the parent's own changes.
 */
interface FamilyComparer {

	List<Difference> compare(CatalogSnapshot target, CatalogSnapshot reference);
}
