package dev.tidemark.checks;

import java.util.Arrays;

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

	/** The glob as tokens: a literal character, or one of the wildcards below. */
	private final int[] tokens;

	private static final int ONE = -1;

	private static final int STAR = -2;

	private static final int DOUBLE_STAR = -3;

	private ObjectPattern(String glob, int[] tokens) {
		this.glob = glob;
		this.tokens = tokens;
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
		int[] points = glob.codePoints().toArray(); // ? is one character, also one outside the BMP
		int[] tokens = new int[points.length];
		int n = 0;
		for (int i = 0; i < points.length; i++) {
			int c = points[i];
			if (c == '*' && i + 1 < points.length && points[i + 1] == '*') {
				tokens[n++] = DOUBLE_STAR;
				i++;
			}
			else {
				tokens[n++] = c == '*' ? STAR : c == '?' ? ONE : c;
			}
		}
		return new ObjectPattern(glob, Arrays.copyOf(tokens, n));
	}

	/**
	 * Whether the whole of {@code objectText} matches. Walks the text once, keeping the set of pattern positions
	 * reached (a Thompson simulation): time is the text's length times the pattern's, whatever the pattern; a
	 * backtracking regex would take exponential time on {@code *a*a*a*a*a*b} against a long run of {@code a}s, and
	 * every scan evaluates every ignore rule.
	 */
	public boolean matches(String objectText) {
		int m = tokens.length;
		boolean[] reached = new boolean[m + 1];
		reached[0] = true;
		skipStars(reached);
		for (int c : objectText.codePoints().toArray()) {
			boolean[] next = new boolean[m + 1];
			boolean any = false;
			for (int i = 0; i < m; i++) {
				if (!reached[i]) {
					continue;
				}
				int token = tokens[i];
				if (token == DOUBLE_STAR || token == STAR && c != '.') {
					next[i] = true; // a star takes the character and stays
				}
				else if (token == ONE && c != '.' || token >= 0 && token == c) {
					next[i + 1] = true;
				}
				any |= next[i] || next[i + 1];
			}
			if (!any) {
				return false;
			}
			skipStars(next);
			reached = next;
		}
		return reached[m];
	}

	/** A star may also match nothing: whatever reaches it reaches the position after it. */
	private void skipStars(boolean[] reached) {
		for (int i = 0; i < tokens.length; i++) {
			if (reached[i] && (tokens[i] == STAR || tokens[i] == DOUBLE_STAR)) {
				reached[i + 1] = true;
			}
		}
	}

	@Override
	public String toString() {
		return glob;
	}
}
