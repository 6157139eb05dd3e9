package dev.tidemark.checks.rules;

import java.util.List;

import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.AccessChange.Grant;
import dev.tidemark.checks.change.AccessChange.Securable;
import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.change.NamespaceChange.AddEnumValue;
import dev.tidemark.checks.change.RoutineChange.EnableTrigger;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.checks.contract.Contract.EnumExpectation;
import dev.tidemark.checks.contract.Contract.FunctionExpectation;
import dev.tidemark.checks.contract.Contract.GrantExpectation;
import dev.tidemark.checks.contract.Contract.PolicyExpectation;
import dev.tidemark.checks.contract.Contract.TriggerExpectation;
import dev.tidemark.checks.contract.Contract.ViewExpectation;
import dev.tidemark.checks.contract.ContractDocuments;
import dev.tidemark.checks.contract.ContractGenerator;
import dev.tidemark.checks.contract.ContractParser;
import dev.tidemark.checks.contract.MediaTypeKind;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.FunctionInfo;
import dev.tidemark.inspection.model.PolicyInfo;
import dev.tidemark.inspection.model.PrivilegeInfo;
import dev.tidemark.inspection.model.SchemaInfo;
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.inspection.model.TriggerInfo;
import dev.tidemark.inspection.model.TypeInfo;
import dev.tidemark.inspection.model.ViewInfo;
import dev.tidemark.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules of the views, functions, triggers, enums, policies and grants sections, on a hand-built snapshot. */
class ContractKindsRulesTests {

	static final CatalogSnapshot SNAPSHOT = snapshot();

	private static CatalogSnapshot snapshot() {
		CatalogSnapshot e = TestCatalogs.empty();
		TableInfo orders = new TableInfo("public", "orders", TableInfo.TableKind.TABLE, "permanent", "owner", null,
				List.of(TestCatalogs.Builder.column(1, "id", "bigint", false),
						TestCatalogs.Builder.column(2, "note", "text", true)));
		return new CatalogSnapshot(e.formatVersion(), e.server(),
				List.of(new SchemaInfo("public", "owner"), new SchemaInfo("app", "owner")), List.of(), List.of(orders),
				List.of(), List.of(),
				List.of(new ViewInfo("public", "v_orders", false, "owner", null, null, "h", List.of()),
						new ViewInfo("public", "mv_totals", true, "owner", true, false, "h", List.of())),
				List.of(),
				List.of(new FunctionInfo("public", "total", "x integer", "FUNCTION", "integer", "sql", "IMMUTABLE",
						false, "h")),
				List.of(new TriggerInfo("public", "orders", "trg_touch", "public.touch", "DISABLED",
						"CREATE TRIGGER trg_touch BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.touch()")),
				List.of(), e.migrations(), null,
				List.of(new TypeInfo("public", "mood", TypeInfo.Kind.ENUM, List.of("sad", "ok"), null, null, false,
						List.of(), List.of(), null, null)),
				List.of(), List.of(new PolicyInfo("public", "orders", "p_read", true, "SELECT", List.of("reader"), "true",
						null)),
				List.of(new PrivilegeInfo("TABLE", "public", "public.orders", "reader", List.of("SELECT"), List.of()),
						new PrivilegeInfo("FUNCTION", "public", "public.total(x integer)", "PUBLIC", List.of("EXECUTE"),
								List.of()),
						new PrivilegeInfo("SCHEMA", null, "app", "reader", List.of("USAGE"), List.of())),
				List.of());
	}

	private static Contract contract(List<ViewExpectation> views, List<FunctionExpectation> functions,
			List<TriggerExpectation> triggers, List<EnumExpectation> enums, List<PolicyExpectation> policies,
			List<GrantExpectation> grants) {
		return new Contract(List.of(), List.of(), List.of(), null, views, functions, triggers, enums, policies, grants);
	}

	private static List<Violation> evaluate(Rule rule, Contract contract) {
		return rule.evaluate(Expect.contract(SNAPSHOT, contract));
	}

	@Test
	void aViewMustExistAndBeOfTheListedKind() {
		List<Violation> found = evaluate(new MissingView(),
				contract(List.of(new ViewExpectation("public.v_orders", true), new ViewExpectation("public.mv_totals", null),
						new ViewExpectation("public.v_orders", false), new ViewExpectation("public.gone", null),
						new ViewExpectation("public.orders", null)), List.of(), List.of(), List.of(), List.of(), List.of()));
		assertThat(found).extracting(Violation::message).containsExactly(
				"View public.v_orders is a view but a materialized view is expected",
				"View public.gone is expected but does not exist",
				"View public.orders is expected but does not exist");
		assertThat(found.get(0).evidence()).containsEntry("expected", "materialized view exists")
			.containsEntry("actual", "view");
		assertThat(found.get(2).evidence()).containsEntry("actual", "a table of that name");
		assertThat(found).allSatisfy(v -> {
			assertThat(v.repair().automatic()).isFalse();
			assertThat(v.repair().instead()).startsWith("Create it through the application's migrations");
		});
	}

	@Test
	void aFunctionNeedsAnOverloadWithTheListedArguments() {
		List<Violation> found = evaluate(new MissingFunction(),
				contract(List.of(), List.of(new FunctionExpectation("public.total", "x integer"),
						new FunctionExpectation("public.total", " X   INTEGER "), new FunctionExpectation("public.total", null),
						new FunctionExpectation("public.total", ""), new FunctionExpectation("public.gone", null)),
						List.of(), List.of(), List.of(), List.of()));
		assertThat(found).extracting(Violation::message).containsExactly(
				"Function public.total() is expected but does not exist (other overloads do: public.total(x integer))",
				"Function public.gone is expected but does not exist");
		assertThat(found.get(0).evidence()).containsEntry("expected", "public.total()")
			.containsEntry("overloads", List.of("public.total(x integer)"));
		assertThat(found.get(1).evidence()).containsEntry("actual", "no function of that name");
		assertThat(found).allSatisfy(v -> assertThat(v.repair().automatic()).isFalse());
	}

	@Test
	void aDisabledTriggerIsEnabledByATypedChangeAndAMissingOneIsManual() {
		List<Violation> found = evaluate(new MissingTrigger(),
				contract(List.of(), List.of(), List.of(new TriggerExpectation("public.orders", "trg_touch", true),
						new TriggerExpectation("public.orders", "trg_gone", null),
						new TriggerExpectation("public.no_table", "trg", null)), List.of(), List.of(), List.of()));
		assertThat(found).hasSize(2);
		Violation disabled = found.get(0);
		assertThat(disabled.message())
			.isEqualTo("Trigger trg_touch on public.orders is DISABLED but the contract expects it enabled");
		assertThat(disabled.evidence()).containsEntry("expected", "ENABLED").containsEntry("actual", "DISABLED");
		assertThat(disabled.repair().automatic()).isTrue();
		assertThat(Changes.fromEvidence(disabled.evidence()))
			.containsExactly(new EnableTrigger("public", "orders", "trg_touch", "ENABLED", "DISABLED"));
		assertThat(found.get(1).message()).isEqualTo("Trigger trg_gone on public.orders is expected but does not exist");
		assertThat(found.get(1).repair().automatic()).isFalse();
		// enabled left out accepts the disabled trigger
		assertThat(evaluate(new MissingTrigger(), contract(List.of(), List.of(),
				List.of(new TriggerExpectation("public.orders", "trg_touch", null)), List.of(), List.of(), List.of())))
			.isEmpty();
	}

	@Test
	void enumValuesToAddBecomeTypedChangesPlacedByTheirNeighbours() {
		Violation add = single(new EnumValuesMismatch(), enums(new EnumExpectation("public.mood",
				List.of("meh", "sad", "ok", "happy", "elated"), null)));
		assertThat(add.message()).isEqualTo(
				"Enum public.mood has values [sad, ok] but the contract expects [meh, sad, ok, happy, elated]");
		assertThat(add.evidence()).containsEntry("missing", List.of("meh", "happy", "elated"))
			.containsEntry("actual", List.of("sad", "ok"));
		assertThat(add.repair().automatic()).isTrue();
		assertThat(Changes.fromEvidence(add.evidence())).containsExactly(
				new AddEnumValue("public", "mood", "meh", "sad", true, false),
				new AddEnumValue("public", "mood", "happy", "ok", false, false),
				new AddEnumValue("public", "mood", "elated", "happy", false, true));
	}

	@Test
	void extraValuesAreAllowedOnlyWithTheFlag() {
		EnumExpectation onlySad = new EnumExpectation("public.mood", List.of("sad"), null);
		Violation extra = single(new EnumValuesMismatch(), enums(onlySad));
		assertThat(extra.repair().automatic()).isFalse();
		assertThat(extra.evidence()).containsEntry("unexpected", List.of("ok"));
		assertThat(extra.repair().summary()).contains("values the contract does not list: [ok]");
		assertThat(new EnumValuesMismatch().evaluate(Expect.contract(SNAPSHOT,
				enums(new EnumExpectation("public.mood", List.of("sad"), true))))).isEmpty();
		// with the flag, a missing value is still added
		Violation added = single(new EnumValuesMismatch(),
				enums(new EnumExpectation("public.mood", List.of("ok", "happy"), true)));
		assertThat(Changes.fromEvidence(added.evidence()))
			.containsExactly(new AddEnumValue("public", "mood", "happy", "ok", false, false));
	}

	@Test
	void reorderedValuesAndAnAbsentTypeAreForTheMigrations() {
		Violation reordered = single(new EnumValuesMismatch(),
				enums(new EnumExpectation("public.mood", List.of("ok", "sad"), null)));
		assertThat(reordered.repair().automatic()).isFalse();
		assertThat(reordered.evidence()).containsEntry("reason", "The target holds the listed values in another order")
			.doesNotContainKey(Changes.EVIDENCE_KEY);
		Violation absent = single(new EnumValuesMismatch(),
				enums(new EnumExpectation("public.gone", List.of("a"), null)));
		assertThat(absent.message()).isEqualTo("Enum public.gone is expected but does not exist");
		assertThat(absent.repair().automatic()).isFalse();
	}

	@Test
	void aPolicyMustExistWithTheListedCommandAndRoles() {
		List<Violation> found = evaluate(new MissingPolicy(), contract(List.of(), List.of(), List.of(), List.of(),
				List.of(new PolicyExpectation("public.orders", "p_read", "SELECT", List.of("reader")),
						new PolicyExpectation("public.orders", "p_read", "insert", List.of("reader", "writer")),
						new PolicyExpectation("public.orders", "p_gone", null, null)),
				List.of()));
		assertThat(found).extracting(Violation::message).containsExactly(
				"Policy p_read on public.orders differs: command SELECT instead of INSERT; roles [reader] instead of [reader, writer]",
				"Policy p_gone on public.orders is expected but does not exist");
		assertThat(found.get(0).evidence()).containsEntry("expectedCommand", "INSERT")
			.containsEntry("actualCommand", "SELECT");
		assertThat(found).allSatisfy(v -> assertThat(v.repair().automatic()).isFalse());
	}

	@Test
	void aMissingPrivilegeIsATypedGrantOfWhatIsMissing() {
		List<Violation> found = evaluate(new MissingGrant(), contract(List.of(), List.of(), List.of(), List.of(),
				List.of(), List.of(new GrantExpectation("public.orders", "TABLE", "reader", List.of("SELECT", "INSERT")),
						new GrantExpectation("public.total(X INTEGER)", "FUNCTION", "PUBLIC", List.of("EXECUTE")),
						new GrantExpectation("app", "SCHEMA", "reader", List.of("USAGE")),
						new GrantExpectation("public.v_orders", "VIEW", "reader", List.of("SELECT")),
						new GrantExpectation("public.orders.note", "COLUMN", "reader", List.of("UPDATE")),
						new GrantExpectation("public.gone", "TABLE", "reader", List.of("SELECT")))));
		assertThat(found).extracting(Violation::message).containsExactly("reader lacks INSERT on table public.orders",
				"reader lacks SELECT on view public.v_orders", "reader lacks UPDATE on column public.orders.note",
				"reader lacks SELECT on table public.gone (the table does not exist)");
		assertThat(found.get(0).evidence()).containsEntry("expected", List.of("SELECT", "INSERT"))
			.containsEntry("actual", List.of("SELECT"))
			.containsEntry("missing", List.of("INSERT"));
		assertThat(Changes.fromEvidence(found.get(0).evidence())).containsExactly(
				new Grant(new Securable("TABLE", "public", "orders", null, null), "reader", List.of("INSERT"), false));
		assertThat(Changes.fromEvidence(found.get(1).evidence())).containsExactly(
				new Grant(new Securable("TABLE", "public", "v_orders", null, null), "reader", List.of("SELECT"), false));
		assertThat(Changes.fromEvidence(found.get(2).evidence())).containsExactly(
				new Grant(new Securable("COLUMN", "public", "orders", "note", null), "reader", List.of("UPDATE"), false));
		assertThat(found.get(3).repair().automatic()).isFalse();
		assertThat(found.subList(0, 3)).allSatisfy(v -> assertThat(v.repair().automatic()).isTrue());
	}

	@Test
	void aDraftFromTheSnapshotReadsBackAndTheSnapshotMeetsIt() {
		Contract draft = ContractGenerator.fromSnapshot(SNAPSHOT);
		assertThat(draft.views()).containsExactly(new ViewExpectation("public.mv_totals", true),
				new ViewExpectation("public.v_orders", false));
		assertThat(draft.functions()).containsExactly(new FunctionExpectation("public.total", "x integer"));
		assertThat(draft.triggers()).containsExactly(new TriggerExpectation("public.orders", "trg_touch", false));
		assertThat(draft.enums()).containsExactly(new EnumExpectation("public.mood", List.of("sad", "ok"), null));
		assertThat(draft.policies())
			.containsExactly(new PolicyExpectation("public.orders", "p_read", "SELECT", List.of("reader")));
		assertThat(draft.grants()).containsExactly(
				new GrantExpectation("public.total(x integer)", "FUNCTION", "PUBLIC", List.of("EXECUTE")),
				new GrantExpectation("app", "SCHEMA", "reader", List.of("USAGE")),
				new GrantExpectation("public.orders", "TABLE", "reader", List.of("SELECT")));
		for (MediaTypeKind kind : MediaTypeKind.values()) {
			Contract read = ContractDocuments.read(ContractParser.write(draft, kind), kind);
			assertThat(read).isEqualTo(draft);
			for (Rule rule : List.<Rule>of(new MissingView(), new MissingFunction(), new MissingTrigger(),
					new EnumValuesMismatch(), new MissingPolicy(), new MissingGrant(), new MissingTable())) {
				assertThat(rule.category()).isEqualTo(RuleCategory.CONTRACT);
				assertThat(rule.evaluate(Expect.contract(SNAPSHOT, read))).as(rule.id()).isEmpty();
			}
		}
	}

	private static Contract enums(EnumExpectation... enums) {
		return contract(List.of(), List.of(), List.of(), List.of(enums), List.of(), List.of());
	}

	private static Violation single(Rule rule, Contract contract) {
		List<Violation> found = evaluate(rule, contract);
		assertThat(found).hasSize(1);
		return found.get(0);
	}
}
