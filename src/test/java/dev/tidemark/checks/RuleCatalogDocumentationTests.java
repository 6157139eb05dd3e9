package dev.tidemark.checks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.tidemark.support.ApiIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule catalog served at {@code GET /api/v1/rules} holds every rule design.md names, and {@code docs/rules.md}
 * is generated from it. Regenerate with {@code ./mvnw test -Dtest=RuleCatalogDocumentationTests -Drules.write=true}.
 */
class RuleCatalogDocumentationTests extends ApiIntegrationTest {

	private static final Path DOC = Path.of("docs/rules.md");

	/** design.md's catalog, plus failing-policy-job. */
	private static final Set<String> DESIGNED = Set.of("missing-primary-key", "invalid-index", "unvalidated-constraint",
			"unindexed-foreign-key", "partition-horizon", "partition-gap", "default-partition-rows", "failed-migration",
			"stale-changelog-lock", "matview-without-unique-index", "sequence-exhaustion", "missing-table",
			"unexpected-table", "missing-column", "column-type-mismatch", "column-nullability-mismatch",
			"column-default-mismatch", "missing-constraint", "foreign-key-action-mismatch", "missing-index",
			"missing-extension", "extension-version-mismatch", "migration-head-mismatch", "migration-not-applied",
			"drift-since-baseline", "chunk-missing-unique-index", "hypertable-fk-on-unique-index", "failing-policy-job",
			"not-a-hypertable", "unexpected-compression-policy", "missing-compression-policy",
			"compression-policy-mismatch", "missing-retention-policy", "retention-policy-mismatch");

	@Test
	void theCatalogHasEveryDesignedRuleAndTheDocumentMatchesIt() throws Exception {
		List<?> rules = as("viewer").get().uri("/api/v1/rules").exchange()
			.expectStatus().isOk()
			.expectBody(List.class).returnResult().getResponseBody();
		List<Map<?, ?>> real = rules.stream().<Map<?, ?>>map(r -> (Map<?, ?>) r)
			.filter(r -> !((String) r.get("id")).startsWith("test-"))
			.toList();
		assertThat(real.stream().map(r -> (String) r.get("id")).collect(Collectors.toSet())).containsAll(DESIGNED);

		StringBuilder doc = new StringBuilder("""
				# Rule catalog

				Generated from `GET /api/v1/rules` by `RuleCatalogDocumentationTests`; do not edit by hand.

				| id | severity | category | remediable | title | why |
				|---|---|---|---|---|---|
				""");
		for (Map<?, ?> r : real) {
			doc.append("| `").append(r.get("id")).append("` | ").append(r.get("severity")).append(" | ")
				.append(r.get("category")).append(" | ").append(Boolean.TRUE.equals(r.get("remediable")) ? "yes" : "no")
				.append(" | ").append(cell(r.get("title"))).append(" | ").append(cell(r.get("rationale"))).append(" |\n");
		}
		if (Boolean.getBoolean("rules.write")) {
			Files.createDirectories(DOC.getParent());
			Files.writeString(DOC, doc, StandardCharsets.UTF_8);
		}
		assertThat(Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "")
			.as("docs/rules.md is out of date; regenerate with ./mvnw test -Dtest=RuleCatalogDocumentationTests -Drules.write=true")
			.isEqualTo(doc.toString());
	}

	private static String cell(Object text) {
		return String.valueOf(text).replace("|", "\\|").replace("\n", " ");
	}
}
