package dev.tidemark.checks;

import java.time.Instant;
import java.util.List;

import dev.tidemark.inspection.model.CatalogSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * Everything a rule may read: the snapshot under check, the expectations (contract, and what of a reference a
 * contract can say), the reference snapshot itself (compared object by object), the accepted baseline, "now" from
 * the injected clock, and the thresholds.
 */
public record CheckContext(CatalogSnapshot snapshot, List<Expectation> expectations,
		@Nullable CatalogSnapshot baseline, Instant now, CheckSettings settings, @Nullable CatalogSnapshot reference) {

	public CheckContext {
		expectations = List.copyOf(expectations);
	}

	public CheckContext(CatalogSnapshot snapshot, List<Expectation> expectations, @Nullable CatalogSnapshot baseline,
			Instant now, CheckSettings settings) {
		this(snapshot, expectations, baseline, now, settings, null);
	}

	public static CheckContext of(CatalogSnapshot snapshot, Instant now) {
		return new CheckContext(snapshot, List.of(), null, now, CheckSettings.defaults());
	}
}
