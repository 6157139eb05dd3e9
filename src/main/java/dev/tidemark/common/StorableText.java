package dev.tidemark.common;

import org.jspecify.annotations.Nullable;

/**
 * Text PostgreSQL can hold. Its {@code text} and {@code jsonb} refuse U+0000, and an unpaired UTF-16 surrogate
 * is no Unicode character at all (the driver would store '?' in its place), so input carrying either is refused
 * at the edge instead of failing, or being changed, in the store.
 */
public final class StorableText {

	private StorableText() {
	}

	/** Why {@code text} cannot be stored, or null when it can. */
	public static @Nullable String problem(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\u0000') {
				return "must not contain the character U+0000 (NUL), which PostgreSQL text cannot hold";
			}
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return "must not contain an unpaired surrogate (U+" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)
						+ "), which is not a Unicode character";
			}
		}
		return null;
	}

	/** {@code text} with what cannot be stored replaced by U+FFFD, for records that must be kept anyway. */
	public static String sanitized(String text) {
		if (problem(text) == null) {
			return text;
		}
		StringBuilder out = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				out.append(c).append(text.charAt(++i));
			}
			else {
				out.append(c == '\u0000' || Character.isSurrogate(c) ? '\uFFFD' : c);
			}
		}
		return out.toString();
	}
}
