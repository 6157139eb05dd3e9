package dev.tidemark.checks;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A glob over an object's name as findings print it ({@link ObjectRef#text()}: {@code public.orders},
 * {@code public.orders.email}, {@code public.f(x integer)}). Name parts are separated by dots: {@code *} matches
 * any characters within one part, {@code **} any characters across parts, {@code ?} one character other than a
 * dot; everything else matches itself, case-sensitively (PostgreSQL names are). So {@code public.tmp_*} matches
 * the tables {@code public.tmp_a} and {@code public.tmp_b} but not their columns, {@code public.orders.*} every
 * column, constraint or index under {@code public.orders}, and {@code public.**} everything in the schema.
 */
public final class ObjectPattern {

	private final String glob;

	private final Pattern regex;

	private ObjectPattern(String glob, Pattern regex) {
		this.glob = glob;
		this.regex = regex;
	}

	/** Why {@code glob} is not a pattern, or null when it is one. */
	public static @Nullable String problem(@Nullable String glob) {
		if (glob == null || glob.isBlank()) {
			return "must not be blank";
		}
		if (!glob.equals(glob.strip())) {
			return "has spaces at the start or end";
		}
		if (glob.contains("***")) {
			return "has three stars in a row; use * within one name part or ** across parts";
		}
		for (char c : "[]{}".toCharArray()) {
			if (glob.indexOf(c) >= 0) {
				return "uses '" + c + "': only * (within a name part), ** (across parts) and ? are wildcards";
			}
		}
		if (glob.startsWith(".") || glob.endsWith(".") || glob.contains("..")) {
			return "has an empty name part (a dot at the start or end, or two dots in a row)";
		}
		return null;
	}

	/** @throws IllegalArgumentException with {@link #problem}'s reason when {@code glob} is not a pattern */
	public static ObjectPattern compile(String glob) {
		String problem = problem(glob);
		if (problem != null) {
			throw new IllegalArgumentException("object pattern '" + glob + "' " + problem);
		}
		StringBuilder regex = new StringBuilder();
		for (int i = 0; i < glob.length(); i++) {
			char c = glob.charAt(i);
			if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
				regex.append(".*");
				i++;
			}
			else if (c == '*') {
				regex.append("[^.]*");
			}
			else if (c == '?') {
				regex.append("[^.]");
			}
			else {
				regex.append(Pattern.quote(String.valueOf(c)));
			}
		}
		return new ObjectPattern(glob, Pattern.compile(regex.toString(), Pattern.DOTALL));
	}

	public boolean matches(String objectText) {
		return regex.matcher(objectText).matches();
	}

	@Override
	public String toString() {
		return glob;
	}
}
