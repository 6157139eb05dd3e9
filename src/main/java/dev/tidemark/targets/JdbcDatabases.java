package dev.tidemark.targets;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Which database a target's JDBC URL names, whatever the spelling. */
public final class JdbcDatabases {

	private JdbcDatabases() {
	}

	/**
	 * The database a JDBC URL names, as {@code host:port/database}: hosts in lower case without a trailing dot, the
	 * port as a number (5432 when absent), hosts of a list sorted, the name percent-decoded, parameters left out.
	 * Spellings that only DNS tells apart (an alias, {@code localhost} for {@code 127.0.0.1}) stay different.
	 */
	public static String identity(String jdbcUrl) {
		String rest = jdbcUrl.startsWith("jdbc:postgresql://") ? jdbcUrl.substring("jdbc:postgresql://".length())
				: jdbcUrl;
		int query = rest.indexOf('?');
		rest = query < 0 ? rest : rest.substring(0, query);
		int slash = rest.indexOf('/');
		String hosts = slash < 0 ? rest : rest.substring(0, slash);
		String database = slash < 0 ? "" : rest.substring(slash + 1);
		try {
			database = URLDecoder.decode(database, StandardCharsets.UTF_8); // as pgJDBC reads it
		}
		catch (IllegalArgumentException e) {
			// not percent-encoded after all: compared as written
		}
		List<String> normal = new ArrayList<>();
		for (String host : hosts.split(",")) {
			String h = host.strip().toLowerCase(Locale.ROOT);
			int colon = h.startsWith("[") ? h.indexOf("]:") + 1 : h.lastIndexOf(':');
			String name = colon > 0 ? h.substring(0, colon) : h;
			String port = colon > 0 ? h.substring(colon + 1) : "5432";
			if (name.endsWith(".")) {
				name = name.substring(0, name.length() - 1);
			}
			try {
				port = String.valueOf(Integer.parseInt(port));
			}
			catch (NumberFormatException e) {
				// compared as written
			}
			normal.add(name + ":" + port);
		}
		normal.sort(null);
		return String.join(",", normal) + "/" + database;
	}
}
