package dev.tidemark.checks.change;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * How one object of a target differs from its reference, and the changes that make it the same.
 *
 * @param kind finding's object kind ({@code table}, {@code column}, ...)
 * @param object the object as findings name it ({@code public.orders.email})
 * @param parents the objects this one belongs to, outermost first, as {@code kind:object}
 *     ({@code schema:public}, {@code table:public.orders}): when a parent is itself missing or extra, this
 *     difference is part of the parent's
 * @param reference the object's definition in the reference, null when it has none there
 * @param target the object's definition in the target, null when it has none there
 * @param changes what makes the target's object equal to the reference's, in no particular order
 * @param refusal when no safe change exists (an enum value removed, a narrowing type change): why, and
 *     {@code changes} is empty
 */
public record Difference(Presence presence, String kind, String object, List<String> parents,
		@Nullable String reference, @Nullable String target, List<SchemaChange> changes, @Nullable Refusal refusal) {

	public Difference {
		parents = List.copyOf(parents);
		changes = List.copyOf(changes);
	}

	public enum Presence {
		/** In the reference, not in the target. */
		MISSING,
		/** In the target, not in the reference. */
		EXTRA,
		/** In both, defined differently. */
		MISMATCH
	}

	/** Why a difference has no automatic repair, and what a person should do instead. */
	public record Refusal(String reason, String instead) {
	}

	public String identity() {
		return kind + ":" + object;
	}

	public static Difference missing(String kind, String object, List<String> parents, String reference,
			List<SchemaChange> changes) {
		return new Difference(Presence.MISSING, kind, object, parents, reference, null, changes, null);
	}

	public static Difference extra(String kind, String object, List<String> parents, String target,
			List<SchemaChange> changes) {
		return new Difference(Presence.EXTRA, kind, object, parents, null, target, changes, null);
	}

	public static Difference mismatch(String kind, String object, List<String> parents, String reference,
			String target, List<SchemaChange> changes) {
		return new Difference(Presence.MISMATCH, kind, object, parents, reference, target, changes, null);
	}

	public Difference refused(String reason, String instead) {
		return new Difference(presence, kind, object, parents, reference, target, List.of(),
				new Refusal(reason, instead));
	}
}
