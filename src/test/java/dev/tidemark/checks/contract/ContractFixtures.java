package dev.tidemark.checks.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.tidemark.checks.contract.Contract.ColumnExpectation;
import dev.tidemark.checks.contract.Contract.ConstraintExpectation;
import dev.tidemark.checks.contract.Contract.ExtensionExpectation;
import dev.tidemark.checks.contract.Contract.ForeignKeyExpectation;
import dev.tidemark.checks.contract.Contract.IndexExpectation;
import dev.tidemark.checks.contract.Contract.MaterializedViewExpectation;
import dev.tidemark.checks.contract.Contract.MigrationExpectations;
import dev.tidemark.checks.contract.Contract.PartitioningExpectation;
import dev.tidemark.checks.contract.Contract.TableExpectation;
import dev.tidemark.checks.contract.Contract.TimescaleExpectation;

/** The issue's example contract as text and as the records it must parse to. */
final class ContractFixtures {

	static final Contract ISSUE_EXAMPLE = new Contract(
			List.of(new ExtensionExpectation("pg_trgm", null), new ExtensionExpectation("btree_gist", "1.7")),
			List.of(new TableExpectation("public.post_reactions",
					List.of(new ColumnExpectation("post_id", "bigint", true, null),
							new ColumnExpectation("id", "bigint", false, null)),
					List.of("id"), List.of(List.of("platform", "post_id", "created_at")),
					List.of(new ForeignKeyExpectation(null, List.of("post_id"),
							new ForeignKeyExpectation.Reference("public.posts", List.of("id")), "SET NULL", null)),
					List.of(new IndexExpectation(null, List.of("post_id"), "post_id IS NOT NULL", false, null)),
					List.of(new ConstraintExpectation("no_overlap", "EXCLUDE USING gist (...)")),
					new PartitioningExpectation("timestamp", "1 month", 12, "messages_{yyyy}_{MM}"),
					new TimescaleExpectation(new TimescaleExpectation.Hypertable("created_at", null),
							TimescaleExpectation.Compression.noCompression(),
							new TimescaleExpectation.Retention("90 days")))),
			List.of(new MaterializedViewExpectation("public.mv_period_metrics_trend",
					List.of("entity_type", "entity_id", "period_number"))),
			new MigrationExpectations(new MigrationExpectations.Prisma(true, null),
					new MigrationExpectations.Alembic("20250812_150000"), new MigrationExpectations.Flyway(null),
					new MigrationExpectations.Liquibase(null)));

	private ContractFixtures() {
	}

	static String resource(String name) {
		try (InputStream in = ContractFixtures.class.getClassLoader().getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalArgumentException("No resource " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
