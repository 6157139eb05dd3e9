package dev.tidemark.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;

/**
 * Decides, before any bean exists, whether this is the embedded default (no {@code tidemark.store.url}). If so it
 * turns on the embedded store, keeps a generated secret key in the data folder, and adds the demo users unless
 * users are configured. Everything it sets has the lowest precedence, so configuration always wins.
 */
public final class EmbeddedDefaultEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String ENABLED = "tidemark.embedded.enabled";

	/** bcrypt of "tidemark": demo-only accounts, documented as such in the README. */
	private static final String DEMO_PASSWORD = "{bcrypt}$2a$10$FvzXt0cpk0IaJYvwBKvjour6Y11K7AMOOq5MAE8Dq8Y03XxkIq31u";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String storeUrl = environment.getProperty("tidemark.store.url", "");
		String datasourceUrl = environment.getProperty("spring.datasource.url", "");
		if (!storeUrl.isBlank() || !datasourceUrl.isBlank()
				|| environment.getProperty(ENABLED, Boolean.class, true) == Boolean.FALSE) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put(ENABLED, "true");
		Path dataDir = Path.of(environment.getProperty("tidemark.embedded.data-dir", ".tidemark")).toAbsolutePath();
		if (System.getenv("TIDEMARK_SECRET_KEY") == null && environment.getProperty("tidemark.secret-key", "").isBlank()) {
			defaults.put("tidemark.embedded.generated-secret-key", keptSecretKey(dataDir));
		}
		if (!hasConfiguredUsers(environment)) {
			demoUser(defaults, "admin", "ADMIN");
			demoUser(defaults, "operator", "OPERATOR");
			demoUser(defaults, "approver", "APPROVER");
			demoUser(defaults, "approver2", "APPROVER");
			demoUser(defaults, "viewer", "VIEWER");
		}
		environment.getPropertySources().addLast(new MapPropertySource("tidemarkEmbeddedDefault", defaults));
	}

	private static void demoUser(Map<String, Object> defaults, String name, String role) {
		defaults.put("tidemark.security.users." + name + ".password", DEMO_PASSWORD);
		defaults.put("tidemark.security.users." + name + ".roles", role);
	}

	private static boolean hasConfiguredUsers(ConfigurableEnvironment environment) {
		for (var source : environment.getPropertySources()) {
			if (source instanceof EnumerablePropertySource<?> enumerable) {
				for (String name : enumerable.getPropertyNames()) {
					if (name.startsWith("tidemark.security.users.") || name.startsWith("TIDEMARK_SECURITY_USERS_")) {
						return true;
					}
				}
			}
		}
		return false;
	}

	/** A 256-bit key generated once and kept beside the embedded data, readable by its owner only. */
	private static String keptSecretKey(Path dataDir) {
		Path keyFile = dataDir.resolve("secret.key");
		try {
			if (Files.exists(keyFile)) {
				return Files.readString(keyFile, StandardCharsets.US_ASCII).trim();
			}
			Files.createDirectories(dataDir);
			byte[] key = new byte[32];
			new SecureRandom().nextBytes(key);
			String encoded = Base64.getEncoder().encodeToString(key);
			Files.writeString(keyFile, encoded, StandardCharsets.US_ASCII);
			try {
				Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ignored) {
				// not a POSIX file system: the folder's own permissions apply
			}
			return encoded;
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot keep the embedded secret key in " + keyFile, e);
		}
	}
}
