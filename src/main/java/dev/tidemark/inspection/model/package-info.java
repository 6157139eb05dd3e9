/**
 * The normalized catalog model: immutable records with no OIDs, every list sorted by {@link CatalogObject#key()}.
 */
@NamedInterface("model")
package dev.tidemark.inspection.model;

import org.springframework.modulith.NamedInterface;
