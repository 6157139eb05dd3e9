package dev.tidemark.checks;

import java.time.Instant;
import java.util.List;

import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.targets.CompareOptions;
import org.jspecify.annotations.Nullable;

/**
 * Everything a rule may read: the snapshot under check, the expectations (contract, and what of a reference a
 * contract can say), the reference snapshot itself (compared object by object), the accepted baseline, "now" from
 * the injected clock, the thresholds, and what the target's options leave out of comparisons with the reference and
 * the baseline ({@code compare}).
 */
public record CheckContext(CatalogSnapshot snapshot, List<Expectation> expectations,
		@Nullable CatalogSnapshot baseline, Instant now, CheckSettings settings, @Nullable CatalogSnapshot reference,
		CompareOptions compare) {

	public CheckContext {
		expectations = List.copyOf(expectations);
		compare = compare == null ? CompareOptions.defaults() : compare;
	}

	/** Comparing everything. */
	public CheckContext(CatalogSnapshot snapshot, List<Expectation> expectations, @Nullable CatalogSnapshot baseline,
			Instant now, CheckSettings settings, @Nullable CatalogSnapshot reference) {
		this(snapshot, expectations, baseline, now, settings, reference, CompareOptions.defaults());
	}

	public CheckContext(CatalogSnapshot snapshot, List<Expectation> expectations, @Nullable CatalogSnapshot baseline,
			Instant now, CheckSettings settings) {
		this(snapshot, expectations, baseline, now, settings, null);
	}

	public static CheckContext of(CatalogSnapshot snapshot, Instant now) {
		return new CheckContext(snapshot, List.of(), null, now, CheckSettings.defaults());
	}
}
