package dev.tidemark.targets.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.tidemark.targets.InvalidTargetException;

/**
 * Which JDBC URLs a target may have: {@code jdbc:postgresql://} only, and only parameters on an allow-list. pgJDBC
 * parameters such as {@code socketFactory} or {@code loggerFile} instantiate classes or write files, a classic
 * remote-code-execution path through a connection string; {@code user}/{@code password} would put secrets where
 * they are shown, and {@code options}/{@code currentSchema} would undo the read-only, pinned inspection session.
 * Parameters naming what {@link TargetConnector} sets on every session (application name, connect and login
 * timeouts, read-only) are refused with a pointed reason, and stripped again before connecting.
 */
final class JdbcUrlPolicy {

	static final Set<String> ALLOWED_PARAMETERS = Set.of("ssl", "sslmode", "sslrootcert", "sslcert", "sslkey",
			"channelBinding", "gssEncMode", "socketTimeout", "tcpKeepAlive",
			"targetServerType", "loadBalanceHosts", "hostRecheckSeconds", "prepareThreshold", "preferQueryMode",
			"binaryTransfer");

	/**
	 * What Tidemark sets on its sessions, with what to do instead. Lower-case keys: pgJDBC's own matching is exact,
	 * but a near-miss spelling is refused here all the same.
	 */
	static final Map<String, String> SESSION_PARAMETERS = Map.of(
			"applicationname", "Tidemark names every session application_name=tidemark so DBAs can find its sessions",
			"connecttimeout", "set options.connectTimeoutMs instead",
			"logintimeout", "set options.connectTimeoutMs instead",
			"readonly", "Tidemark decides which sessions are read-only",
			"readonlymode", "Tidemark decides which sessions are read-only",
			"options", "Tidemark sets the session's timeouts itself; use the target's options",
			"assumeminserverversion", "Tidemark checks the server version itself");

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
			String sessionReason = SESSION_PARAMETERS.get(name.toLowerCase(Locale.ROOT));
			if (sessionReason != null) {
				throw new InvalidTargetException("jdbcUrl", "parameter '" + printable(name)
						+ "' would override a setting Tidemark makes on its own sessions and is not allowed: "
						+ sessionReason);
			}
			if (!ALLOWED_PARAMETERS.contains(name)) {
				throw new InvalidTargetException("jdbcUrl", "parameter '" + printable(name)
						+ "' is not allowed; allowed parameters: " + String.join(", ", ALLOWED_PARAMETERS.stream().sorted().toList())
						+ (name.equalsIgnoreCase("user") || name.equalsIgnoreCase("password")
								? " (give credentials in the username and password fields)" : ""));
			}
		}
	}

	/**
	 * The URL without the parameters Tidemark sets itself: pgJDBC lets URL parameters win over connection
	 * properties, and a target stored before they were refused may still have one.
	 */
	static String withoutSessionParameters(String url) {
		int query = url.indexOf('?');
		if (query < 0) {
			return url;
		}
		List<String> kept = new ArrayList<>();
		for (String pair : url.substring(query + 1).split("&", -1)) {
			int eq = pair.indexOf('=');
			String rawName = eq < 0 ? pair : pair.substring(0, eq);
			String name;
			try {
				name = URLDecoder.decode(rawName, StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException e) {
				name = rawName;
			}
			if (!pair.isEmpty() && !SESSION_PARAMETERS.containsKey(name.toLowerCase(Locale.ROOT))) {
				kept.add(pair);
			}
		}
		return kept.isEmpty() ? url.substring(0, query) : url.substring(0, query + 1) + String.join("&", kept);
	}

	private static String printable(String name) {
		String cleaned = name.replaceAll("[^\\x20-\\x7E]", "?");
		return cleaned.length() > 64 ? cleaned.substring(0, 64) + "…" : cleaned;
	}
}
