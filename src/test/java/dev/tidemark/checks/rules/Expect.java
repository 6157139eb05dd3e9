package dev.tidemark.checks.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.CheckSettings;
import dev.tidemark.checks.Expectation;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.checks.contract.Contract.ColumnExpectation;
import dev.tidemark.checks.contract.Contract.ConstraintExpectation;
import dev.tidemark.checks.contract.Contract.ExtensionExpectation;
import dev.tidemark.checks.contract.Contract.ForeignKeyExpectation;
import dev.tidemark.checks.contract.Contract.IndexExpectation;
import dev.tidemark.checks.contract.Contract.MaterializedViewExpectation;
import dev.tidemark.checks.contract.Contract.MigrationExpectations;
import dev.tidemark.checks.contract.Contract.TableExpectation;
import dev.tidemark.inspection.model.CatalogSnapshot;

/** Contract records built by hand for rule tests (the YAML parser lives elsewhere). */
final class Expect {

	static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

	private Expect() {
	}

	static CheckContext contract(CatalogSnapshot snapshot, Contract... contracts) {
		return context(snapshot, false, contracts);
	}

	static CheckContext reference(CatalogSnapshot snapshot, Contract... contracts) {
		return context(snapshot, true, contracts);
	}

	/** A contract and a reference that expect things of the same snapshot. */
	static CheckContext both(CatalogSnapshot snapshot, Contract contract, Contract reference) {
		return new CheckContext(snapshot,
				List.of(new Expectation(Expectation.Source.CONTRACT, contract, false),
						new Expectation(Expectation.Source.REFERENCE, reference, true)),
				null, NOW, CheckSettings.defaults());
	}

	private static CheckContext context(CatalogSnapshot snapshot, boolean reference, Contract... contracts) {
		List<Expectation> expectations = Arrays.stream(contracts)
			.map(c -> new Expectation(reference ? Expectation.Source.REFERENCE : Expectation.Source.CONTRACT, c,
					reference))
			.toList();
		return new CheckContext(snapshot, expectations, null, NOW, CheckSettings.defaults());
	}

	static Contract tables(TableBuilder... tables) {
		return new Contract(List.of(), Arrays.stream(tables).map(TableBuilder::build).toList(), List.of(), null);
	}

	static Contract extensions(ExtensionExpectation... extensions) {
		return new Contract(List.of(extensions), List.of(), List.of(), null);
	}

	static Contract matviews(MaterializedViewExpectation... views) {
		return new Contract(List.of(), List.of(), List.of(views), null);
	}

	static Contract migrations(MigrationExpectations migrations) {
		return new Contract(List.of(), List.of(), List.of(), migrations);
	}

	static TableBuilder table(String name) {
		return new TableBuilder(name);
	}

	static ColumnExpectation column(String name, String type) {
		return new ColumnExpectation(name, type, null, null);
	}

	static ColumnExpectation column(String name, String type, Boolean nullable, String defaultValue) {
		return new ColumnExpectation(name, type, nullable, defaultValue);
	}

	static ForeignKeyExpectation fk(List<String> columns, String table, List<String> referenced, String onDelete,
			String onUpdate) {
		return new ForeignKeyExpectation(null, columns, new ForeignKeyExpectation.Reference(table, referenced),
				onDelete, onUpdate);
	}

	static IndexExpectation index(String where, String... columns) {
		return new IndexExpectation(null, List.of(columns), where, null, null);
	}

	static final class TableBuilder {

		private final String name;

		private final List<ColumnExpectation> columns = new ArrayList<>();

		private List<String> primaryKey;

		private final List<List<String>> unique = new ArrayList<>();

		private final List<ForeignKeyExpectation> foreignKeys = new ArrayList<>();

		private final List<IndexExpectation> indexes = new ArrayList<>();

		private final List<ConstraintExpectation> constraints = new ArrayList<>();

		TableBuilder(String name) {
			this.name = name;
		}

		TableBuilder columns(ColumnExpectation... columns) {
			this.columns.addAll(List.of(columns));
			return this;
		}

		TableBuilder primaryKey(String... columns) {
			this.primaryKey = List.of(columns);
			return this;
		}

		TableBuilder unique(String... columns) {
			this.unique.add(List.of(columns));
			return this;
		}

		TableBuilder foreignKey(ForeignKeyExpectation foreignKey) {
			this.foreignKeys.add(foreignKey);
			return this;
		}

		TableBuilder index(IndexExpectation index) {
			this.indexes.add(index);
			return this;
		}

		TableBuilder constraint(String name, String definition) {
			this.constraints.add(new ConstraintExpectation(name, definition));
			return this;
		}

		TableExpectation build() {
			return new TableExpectation(name, columns, primaryKey, unique, foreignKeys, indexes, constraints, null,
					null);
		}
	}
}
