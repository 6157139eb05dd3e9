package dev.tidemark.checks.contract;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.ObjectMapper;

/**
 * Where each path of a document starts ({@code tables[1].columns[0].type} → line 7, column 15), read from the
 * token stream so semantic problems can point at a line like parse errors do. A key's path maps to the key itself.
 */
final class SourceLocations {

	private SourceLocations() {
	}

	/** Paths to locations; empty when the text does not tokenize (it then never reaches validation anyway). */
	static Map<String, TokenStreamLocation> read(ObjectMapper mapper, String text) {
		Map<String, TokenStreamLocation> locations = new HashMap<>();
		Deque<Frame> frames = new ArrayDeque<>();
		try (JsonParser parser = mapper.createParser(text)) {
			for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
				Frame top = frames.peek();
				if (token == JsonToken.PROPERTY_NAME && top != null) {
					top.name = parser.currentName();
					locations.putIfAbsent(path(frames), parser.currentTokenLocation());
					continue;
				}
				if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
					frames.pop();
					continue;
				}
				if (top != null && top.array) {
					top.index++;
					locations.putIfAbsent(path(frames), parser.currentTokenLocation());
				}
				if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
					frames.push(new Frame(token == JsonToken.START_ARRAY));
				}
			}
		}
		catch (JacksonException e) {
			// a broken document fails parsing with its own location
		}
		return locations;
	}

	/** The location of {@code path}, or of its nearest ancestor that appears in the document. */
	static @Nullable TokenStreamLocation find(Map<String, TokenStreamLocation> locations, String path) {
		for (String p = path; !p.isEmpty(); p = parent(p)) {
			TokenStreamLocation at = locations.get(p);
			if (at != null) {
				return at;
			}
		}
		return null;
	}

	static String parent(String path) {
		int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
		return cut <= 0 ? "" : path.substring(0, cut);
	}

	private static String path(Deque<Frame> frames) {
		StringBuilder out = new StringBuilder();
		for (var it = frames.descendingIterator(); it.hasNext();) {
			Frame frame = it.next();
			if (frame.array) {
				out.append('[').append(frame.index).append(']');
			}
			else if (frame.name != null) {
				out.append(out.isEmpty() ? "" : ".").append(frame.name);
			}
		}
		return out.toString();
	}

	private static final class Frame {

		final boolean array;

		int index = -1;

		@Nullable String name;

		Frame(boolean array) {
			this.array = array;
		}
	}
}
