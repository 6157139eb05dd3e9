package dev.tidemark.inspection.internal;

import java.util.List;
import java.util.function.Function;

import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.MigrationHistory;
import dev.tidemark.inspection.model.TimescaleInfo;
import dev.tidemark.targets.TargetOptions;

/**
 * Applies a target's include/exclude schema options to a snapshot. Done on the read catalog rather than in SQL so
 * each kind stays one fixed, set-based query; extensions are database-wide and always kept, and so are default
 * privileges without a schema. A schema's own privileges follow the schema.
 */
final class CatalogFilter {

	private CatalogFilter() {
	}

	static CatalogSnapshot apply(CatalogSnapshot s, TargetOptions options) {
		if (options.includeSchemas().isEmpty() && options.excludeSchemas().isEmpty()) {
			return s;
		}
		MigrationHistory m = s.migrations();
		return new CatalogSnapshot(s.formatVersion(), s.server(), keep(s.schemas(), x -> x.name(), options),
				s.extensions(), keep(s.tables(), x -> x.schema(), options),
				keep(s.constraints(), x -> x.schema(), options), keep(s.indexes(), x -> x.schema(), options),
				keep(s.views(), x -> x.schema(), options), keep(s.sequences(), x -> x.schema(), options),
				keep(s.functions(), x -> x.schema(), options), keep(s.triggers(), x -> x.schema(), options),
				keep(s.partitioning(), x -> x.schema(), options),
				new MigrationHistory(keep(m.liquibase(), x -> x.schema(), options),
						keep(m.flyway(), x -> x.schema(), options), keep(m.prisma(), x -> x.schema(), options),
						keep(m.alembic(), x -> x.schema(), options)),
				timescale(s.timescale(), options), keep(s.types(), x -> x.schema(), options),
				keep(s.collations(), x -> x.schema(), options), keep(s.policies(), x -> x.schema(), options),
				keep(s.privileges(), x -> x.schema(), options),
				// an entry without IN SCHEMA covers every schema, like an extension the whole database
				s.defaultPrivileges()
					.stream()
					.filter(d -> d.schema() == null || options.includes(d.schema()))
					.toList(),
				s.roles());
	}

	private static TimescaleInfo timescale(TimescaleInfo t, TargetOptions options) {
		if (t == null) {
			return null;
		}
		// a job follows its hypertable; jobs without one are database-wide, like extensions
		return new TimescaleInfo(t.version(), t.license(), keep(t.hypertables(), x -> x.schema(), options),
				keep(t.continuousAggregates(), x -> x.schema(), options),
				t.jobs().stream()
					.filter(j -> j.hypertableSchema() == null || options.includes(j.hypertableSchema()))
					.toList());
	}

	private static <T> List<T> keep(List<T> objects, Function<T, String> schema, TargetOptions options) {
		return objects.stream().filter(o -> options.includes(schema.apply(o))).toList();
	}
}
