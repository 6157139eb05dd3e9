package dev.tidemark.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a fixture script one statement per {@code execute()} with auto-commit on, so CONCURRENTLY statements work.
 * A statement ends with {@code ;} at the end of a line outside dollar quotes. A statement preceded by the line
 * {@code -- expect-failure} must fail (a failed CREATE INDEX CONCURRENTLY is how an invalid index is made).
 */
public final class SqlScript {

	/** One statement of a script, and whether it is expected to fail. */
	public record Step(String sql, boolean expectFailure) {
	}

	private static final Pattern DOLLAR_TAG = Pattern.compile("\\$[A-Za-z_]*\\$");

	private static final String EXPECT_FAILURE = "-- expect-failure";

	private SqlScript() {
	}

	public static void runResource(Connection connection, String resource) {
		run(connection, read(resource));
	}

	public static void run(Connection connection, String script) {
		try {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(true);
			try (Statement statement = connection.createStatement()) {
				for (Step step : split(script)) {
					execute(statement, step);
				}
			}
			finally {
				connection.setAutoCommit(autoCommit);
			}
		}
		catch (SQLException e) {
			throw new IllegalStateException("Script failed: " + e.getMessage(), e);
		}
	}

	private static void execute(Statement statement, Step step) throws SQLException {
		try {
			statement.execute(step.sql());
		}
		catch (SQLException e) {
			if (step.expectFailure()) {
				return;
			}
			throw new SQLException(e.getMessage() + "\nin statement:\n" + step.sql(), e.getSQLState(), e);
		}
		if (step.expectFailure()) {
			throw new IllegalStateException("Expected this statement to fail:\n" + step.sql());
		}
	}

	public static List<Step> split(String script) {
		List<Step> steps = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		String openTag = null;
		boolean expectFailure = false;
		for (String line : script.split("\r?\n", -1)) {
			String trimmed = line.strip();
			if (openTag == null && current.isEmpty()) {
				if (trimmed.equals(EXPECT_FAILURE)) {
					expectFailure = true;
					continue;
				}
				if (trimmed.isEmpty() || trimmed.startsWith("--")) {
					continue;
				}
			}
			current.append(line).append('\n');
			Matcher tags = DOLLAR_TAG.matcher(line);
			while (tags.find()) {
				if (openTag == null) {
					openTag = tags.group();
				}
				else if (openTag.equals(tags.group())) {
					openTag = null;
				}
			}
			if (openTag == null && trimmed.endsWith(";")) {
				steps.add(new Step(current.toString().strip(), expectFailure));
				current.setLength(0);
				expectFailure = false;
			}
		}
		if (!current.toString().isBlank()) {
			steps.add(new Step(current.toString().strip(), expectFailure));
		}
		return steps;
	}

	private static String read(String resource) {
		try (InputStream in = SqlScript.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalArgumentException("No resource " + resource);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
