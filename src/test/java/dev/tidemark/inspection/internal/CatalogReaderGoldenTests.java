package dev.tidemark.inspection.internal;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.ServerInfo;
import dev.tidemark.support.SqlScript;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the snapshot JSON of rich fixtures byte for byte: the all-kinds fixture, the index and constraint
 * definitions fixture and every convergence corpus reference. The catalog queries are tuned for speed; any rewrite must give exactly the same snapshot, and this
 * is where a changed character shows. The goldens were written by the reader before the speed work.
 * <p>
 * A deliberate change to the snapshot's content (a new field, a new kind) rewrites the goldens:
 * {@code -Dtest=CatalogReaderGoldenTests -Dgolden.write=true}, then review the diff.
 */
class CatalogReaderGoldenTests {

	private static final Path GOLDEN = Path.of("src/test/resources/catalog-golden");

	private static final boolean WRITE = Boolean.getBoolean("golden.write");

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	static Stream<String> fixtures() throws IOException {
		try (Stream<Path> dirs = Files.list(resource("/convergence"))) {
			return Stream.concat(Stream.of("all-kinds", "definitions"), dirs.filter(Files::isDirectory)
				.map(p -> p.getFileName().toString())
				.sorted()
				.toList()
				.stream());
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("fixtures")
	void theSnapshotJsonMatchesItsGolden(String fixture) throws Exception {
		String script = fixture.equals("all-kinds") || fixture.equals("definitions")
				? Files.readString(resource("/fixtures/catalog/" + fixture + ".sql"))
				: Files.readString(resource("/convergence/" + fixture + "/reference.sql"));
		TestPostgres.Database db = TestPostgres.newDatabase("golden");
		String json;
		String jsonOnTwoConnections;
		try (Connection connection = connect(db); Connection second = connect(db)) {
			SqlScript.run(connection, script);
			json = withoutTestUser(JSON.writeValueAsString(withoutServer(new CatalogReader().read(connection))) + "\n",
					db.username());
			// a scan reads half of the catalog on a second connection in the same snapshot: same JSON
			CatalogSnapshot split = new CatalogReader().readUnlessUnchanged(connection, fingerprint -> false, () -> second)
				.catalog();
			jsonOnTwoConnections = withoutTestUser(JSON.writeValueAsString(withoutServer(split)) + "\n", db.username());
		}
		Path golden = GOLDEN.resolve(fixture + ".json");
		if (WRITE) {
			Files.createDirectories(GOLDEN);
			Files.writeString(golden, json, StandardCharsets.UTF_8);
		}
		assertThat(golden).as("golden of %s (write it with -Dgolden.write=true)", fixture).exists();
		// compared as text: equal records could still serialize differently
		assertThat(json).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
		assertThat(jsonOnTwoConnections).as("read on two connections").isEqualTo(json);
	}

	/**
	 * The server part (version, build, locale, database name) and the test user's name depend on where the test
	 * server comes from (embedded, Testcontainers or TIDEMARK_TEST_PG_URL); the rest is the fixture's.
	 */
	private static CatalogSnapshot withoutServer(CatalogSnapshot s) {
		ServerInfo server = new ServerInfo("golden", 0, "golden", new TreeMap<>());
		return new CatalogSnapshot(s.formatVersion(), server, s.schemas(), s.extensions(), s.tables(), s.constraints(),
				s.indexes(), s.views(), s.sequences(), s.functions(), s.triggers(), s.partitioning(), s.migrations(),
				s.timescale(), s.types(), s.collations(), s.policies(), s.privileges(), s.defaultPrivileges());
	}

	private static String withoutTestUser(String json, String user) {
		return json.replaceAll("(\"(?:owner|role)\" : )\"" + Pattern.quote(user) + "\"", "$1\"<test user>\"");
	}

	private static Connection connect(TestPostgres.Database db) throws SQLException {
		return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
	}

	private static Path resource(String name) {
		try {
			return Path.of(Objects.requireNonNull(CatalogReaderGoldenTests.class.getResource(name), name).toURI());
		}
		catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

}
