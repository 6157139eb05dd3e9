package dev.tidemark.inspection.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.tidemark.common.SqlIdentifiers;

/**
 * The catalog SQL, loaded once from {@code src/main/resources/sql/catalog/*.sql} into an immutable map. Loading
 * fails fast when a file is missing or malformed, so a packaging mistake stops the service at start-up rather
 * than at the first scan.
 */
public final class CatalogQueries {

	static final String DEFAULT_LOCATION = "sql/catalog/";

	static final String TABLE_PLACEHOLDER = "{{table}}";

	private final Map<CatalogKind, String> sql;

	private final Map<CatalogKind, Integer> parameterCounts;

	public CatalogQueries() {
		this(DEFAULT_LOCATION);
	}

	CatalogQueries(String location) {
		this(load(location));
	}

	CatalogQueries(Map<CatalogKind, String> sql) {
		List<String> problems = new ArrayList<>();
		Map<CatalogKind, Integer> counts = new EnumMap<>(CatalogKind.class);
		for (CatalogKind kind : CatalogKind.values()) {
			String text = sql.get(kind);
			if (text == null || text.isBlank()) {
				problems.add(kind.fileName() + " is missing or empty");
				continue;
			}
			if (kind.isTemplate() != text.contains(TABLE_PLACEHOLDER)) {
				problems.add(kind.fileName() + (kind.isTemplate() ? " lacks " : " must not contain ")
						+ TABLE_PLACEHOLDER);
			}
			counts.put(kind, countParameters(text));
		}
		if (!problems.isEmpty()) {
			throw new IllegalStateException("Catalog SQL is incomplete: " + String.join("; ", problems));
		}
		this.sql = Collections.unmodifiableMap(new EnumMap<>(sql));
		this.parameterCounts = Collections.unmodifiableMap(counts);
	}

	/** The SQL of a kind that is not a template. */
	public String sql(CatalogKind kind) {
		if (kind.isTemplate()) {
			throw new IllegalArgumentException(kind + " is a template: pass the table it reads");
		}
		return sql.get(kind);
	}

	/** A template's SQL for one table; both identifiers are quoted, so any name is safe. */
	public String sql(CatalogKind kind, String schema, String table) {
		if (!kind.isTemplate()) {
			throw new IllegalArgumentException(kind + " is not a template");
		}
		return sql.get(kind).replace(TABLE_PLACEHOLDER, SqlIdentifiers.qualified(schema, table));
	}

	/** How many {@code ?} placeholders the query has; each is bound to the excluded-schema regex. */
	public int parameterCount(CatalogKind kind) {
		return parameterCounts.get(kind);
	}

	public Map<CatalogKind, String> all() {
		return sql;
	}

	private static Map<CatalogKind, String> load(String location) {
		ClassLoader loader = CatalogQueries.class.getClassLoader();
		Map<CatalogKind, String> loaded = new EnumMap<>(CatalogKind.class);
		for (CatalogKind kind : CatalogKind.values()) {
			try (InputStream in = loader.getResourceAsStream(location + kind.fileName())) {
				if (in != null) {
					loaded.put(kind, new String(in.readAllBytes(), StandardCharsets.UTF_8));
				}
			}
			catch (IOException e) {
				throw new IllegalStateException("Could not read " + location + kind.fileName(), e);
			}
		}
		return loaded;
	}

	/**
	 * Counts {@code ?} outside comments, string literals, quoted identifiers and dollar quotes, the same places
	 * the driver ignores.
	 */
	static int countParameters(String sql) {
		int count = 0;
		int i = 0;
		int n = sql.length();
		while (i < n) {
			char c = sql.charAt(i);
			if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
				int end = sql.indexOf('\n', i);
				i = end < 0 ? n : end + 1;
			}
			else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
				int end = sql.indexOf("*/", i + 2);
				i = end < 0 ? n : end + 2;
			}
			else if (c == '\'' || c == '"') {
				int end = sql.indexOf(c, i + 1);
				i = end < 0 ? n : end + 1;
			}
			else if (c == '$') {
				int close = sql.indexOf('$', i + 1);
				String tag = close < 0 ? null : sql.substring(i, close + 1);
				if (tag != null && tag.matches("\\$[A-Za-z_0-9]*\\$") && !tag.matches("\\$[0-9]+\\$")) {
					int end = sql.indexOf(tag, close + 1);
					i = end < 0 ? n : end + tag.length();
				}
				else {
					i++;
				}
			}
			else {
				if (c == '?') {
					count++;
				}
				i++;
			}
		}
		return count;
	}
}
