package dev.tidemark.targets.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

import dev.tidemark.targets.InvalidTargetException;

/**
 * Which JDBC URLs a target may have: {@code jdbc:postgresql://} only, and only parameters on an allow-list. pgJDBC
 * parameters such as {@code socketFactory} or {@code loggerFile} instantiate classes or write files, a classic
 * remote-code-execution path through a connection string; {@code user}/{@code password} would put secrets where
 * they are shown, and {@code options}/{@code currentSchema} would undo the read-only, pinned inspection session.
 */
final class JdbcUrlPolicy {

	static final Set<String> ALLOWED_PARAMETERS = Set.of("ssl", "sslmode", "sslrootcert", "sslcert", "sslkey",
			"channelBinding", "gssEncMode", "connectTimeout", "loginTimeout", "socketTimeout", "tcpKeepAlive",
			"targetServerType", "loadBalanceHosts", "hostRecheckSeconds", "prepareThreshold", "preferQueryMode",
			"binaryTransfer", "ApplicationName");

	private static final String PREFIX = "jdbc:postgresql://";

	// host[:port] list, then /database; hosts may be names, IPv4 or [IPv6]
	private static final Pattern AUTHORITY_AND_PATH = Pattern
		.compile("(?:[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\])(?::\\d{1,5})?(?:,(?:[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\])(?::\\d{1,5})?)*/[^/?#\\s]+");

	private JdbcUrlPolicy() {
	}

	static void check(String url) {
		if (!url.startsWith(PREFIX)) {
			throw new InvalidTargetException("jdbcUrl", "must start with jdbc:postgresql:// (only PostgreSQL is supported)");
		}
		String rest = url.substring(PREFIX.length());
		int query = rest.indexOf('?');
		String authorityAndPath = query < 0 ? rest : rest.substring(0, query);
		if (!AUTHORITY_AND_PATH.matcher(authorityAndPath).matches()) {
			throw new InvalidTargetException("jdbcUrl",
					"must have the form jdbc:postgresql://host[:port]/database[?parameters]");
		}
		if (query < 0 || query == rest.length() - 1) {
			return;
		}
		for (String pair : rest.substring(query + 1).split("&", -1)) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String rawName = eq < 0 ? pair : pair.substring(0, eq);
			String name;
			try {
				name = URLDecoder.decode(rawName, StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException e) {
				throw new InvalidTargetException("jdbcUrl", "has a malformed parameter name");
			}
			if (!ALLOWED_PARAMETERS.contains(name)) {
				throw new InvalidTargetException("jdbcUrl", "parameter '" + printable(name)
						+ "' is not allowed; allowed parameters: " + String.join(", ", ALLOWED_PARAMETERS.stream().sorted().toList())
						+ (name.equalsIgnoreCase("user") || name.equalsIgnoreCase("password")
								? " (give credentials in the username and password fields)" : ""));
			}
		}
	}

	private static String printable(String name) {
		String cleaned = name.replaceAll("[^\\x20-\\x7E]", "?");
		return cleaned.length() > 64 ? cleaned.substring(0, 64) + "…" : cleaned;
	}
}
