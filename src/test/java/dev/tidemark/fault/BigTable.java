package dev.tidemark.fault;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The fault suite's target data, built once per test class into a template database that each run copies:
 * <ul>
 * <li>{@code parent(code)}: the referenced keys;</li>
 * <li>{@code child}: {@code tidemark.fault.rows} rows (default 1,000,000) whose foreign key
 * {@code child_parent_fk (parent_code)} has no index — the unindexed-foreign-key finding whose repair is a long
 * {@code CREATE INDEX CONCURRENTLY};</li>
 * <li>{@code child_small}: a tenth of that, same kind of foreign key ({@code child_small_parent_fk}): a second,
 * shorter repair on the same target.</li>
 * </ul>
 * The keys are {@code tidemark.fault.key-length} (default 300) non-ASCII characters of common prefix plus a number,
 * in an ICU collation ({@code und-x-icu}, in zonky's binaries): equal prefixes defeat abbreviated keys, so every
 * comparison of the index sort walks the whole prefix and the build runs for many seconds (about 10 to 20 on two
 * shared cores) on a table that takes seconds to generate and copy. Raise either property for a longer build.
 */
final class BigTable {

	static final String TEMPLATE = "fault_template";

	static final String COLLATION = "\"und-x-icu\"";

	final int rows;

	final int keyLength;

	final int parents;

	BigTable(int rows, int keyLength) {
		this.rows = rows;
		this.keyLength = keyLength;
		this.parents = Math.max(1000, rows / 5);
	}

	int smallRows() {
		return Math.max(1000, rows / 10);
	}

	/** Creates the template database on {@code cluster}; returns the milliseconds it took. */
	long createTemplate(TargetCluster cluster) throws SQLException {
		long started = System.nanoTime();
		cluster.createDatabase(TEMPLATE, null);
		String key = "repeat('é', " + keyLength + ") || lpad((%s)::text, 9, '0')";
		try (Connection c = cluster.connect(TEMPLATE); Statement st = c.createStatement()) {
			st.execute("CREATE TABLE parent (code text COLLATE " + COLLATION + " PRIMARY KEY, name text NOT NULL)");
			st.execute("INSERT INTO parent SELECT " + key.formatted("g") + ", 'parent ' || g FROM generate_series(1, "
					+ parents + ") g");
			st.execute("CREATE TABLE child (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, parent_code text COLLATE "
					+ COLLATION + " NOT NULL, amount integer NOT NULL, note text)");
			st.execute("INSERT INTO child (parent_code, amount, note) SELECT "
					+ key.formatted("1 + (g::bigint * 7919) % " + parents) + ", (g % 1000)::int, 'row ' || g "
					+ "FROM generate_series(1, " + rows + ") g");
			st.execute("CREATE TABLE child_small (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, parent_code text "
					+ "COLLATE " + COLLATION + " NOT NULL)");
			st.execute("INSERT INTO child_small (parent_code) SELECT " + key.formatted("1 + (g::bigint * 104729) % "
					+ parents) + " FROM generate_series(1, " + smallRows() + ") g");
			// after the rows: one validating scan instead of a trigger per row
			st.execute("ALTER TABLE child ADD CONSTRAINT child_parent_fk FOREIGN KEY (parent_code) REFERENCES parent (code)");
			st.execute("ALTER TABLE child_small ADD CONSTRAINT child_small_parent_fk FOREIGN KEY (parent_code) "
					+ "REFERENCES parent (code)");
			st.execute("VACUUM ANALYZE");
		}
		return (System.nanoTime() - started) / 1_000_000;
	}

	static long count(Connection c, String sql, Object... params) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement(sql)) {
			for (int i = 0; i < params.length; i++) {
				ps.setObject(i + 1, params[i]);
			}
			try (ResultSet rs = ps.executeQuery()) {
				rs.next();
				return rs.getLong(1);
			}
		}
	}

	/** {@code name valid definition} of every index whose first key column is {@code column} of {@code table}. */
	static List<String> indexesOn(Connection c, String table, String column) throws SQLException {
		List<String> out = new ArrayList<>();
		try (PreparedStatement ps = c.prepareStatement("""
				SELECT i.indexrelid::regclass::text, i.indisvalid, pg_get_indexdef(i.indexrelid)
				FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
				WHERE i.indrelid = ?::regclass AND a.attname = ? ORDER BY 1""")) {
			ps.setString(1, table);
			ps.setString(2, column);
			try (ResultSet rs = ps.executeQuery()) {
				while (rs.next()) {
					out.add(rs.getString(1) + (rs.getBoolean(2) ? " VALID " : " INVALID ") + rs.getString(3));
				}
			}
		}
		return out;
	}

	/** Every INVALID index on {@code table}. */
	static List<String> invalidIndexes(Connection c, String table) throws SQLException {
		List<String> out = new ArrayList<>();
		try (PreparedStatement ps = c.prepareStatement(
				"SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = ?::regclass AND NOT indisvalid")) {
			ps.setString(1, table);
			try (ResultSet rs = ps.executeQuery()) {
				while (rs.next()) {
					out.add(rs.getString(1));
				}
			}
		}
		return out;
	}

	/** {@code id ×count} for every changeset id recorded more than once in the target's changelog table. */
	static List<String> changesetsRecordedTwice(Connection c) throws SQLException {
		List<String> out = new ArrayList<>();
		if (count(c, "SELECT count(*) FROM pg_class WHERE relname = 'tidemark_databasechangelog'") == 0) {
			return out;
		}
		try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
				"SELECT id, count(*) FROM tidemark_databasechangelog GROUP BY id HAVING count(*) > 1 ORDER BY id")) {
			while (rs.next()) {
				out.add(rs.getString(1) + " x" + rs.getLong(2));
			}
		}
		return out;
	}

	/** {@code id exectype} of every changeset of the remediation recorded in the target's changelog table. */
	static List<String> recorded(Connection c, String remediationId) throws SQLException {
		List<String> out = new ArrayList<>();
		if (count(c, "SELECT count(*) FROM pg_class WHERE relname = 'tidemark_databasechangelog'") == 0) {
			return out;
		}
		try (PreparedStatement ps = c.prepareStatement(
				"SELECT id, exectype FROM tidemark_databasechangelog WHERE id LIKE ? ORDER BY orderexecuted")) {
			ps.setString(1, remediationId + "%");
			try (ResultSet rs = ps.executeQuery()) {
				while (rs.next()) {
					out.add(rs.getString(1) + " " + rs.getString(2));
				}
			}
		}
		return out;
	}
}
