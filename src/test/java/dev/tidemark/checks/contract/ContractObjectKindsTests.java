package dev.tidemark.checks.contract;

import java.util.List;

import dev.tidemark.checks.contract.Contract.EnumExpectation;
import dev.tidemark.checks.contract.Contract.FunctionExpectation;
import dev.tidemark.checks.contract.Contract.GrantExpectation;
import dev.tidemark.checks.contract.Contract.PolicyExpectation;
import dev.tidemark.checks.contract.Contract.TriggerExpectation;
import dev.tidemark.checks.contract.Contract.ViewExpectation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The views, functions, triggers, enums, policies and grants sections: parsing and validation, path and line. */
class ContractObjectKindsTests {

	static final String EVERY_KIND = """
			views:
			  - {name: public.v_orders, materialized: false}
			  - {name: public.mv_totals}
			functions:
			  - {name: public.touch, arguments: ""}
			  - {name: public.total, arguments: "x integer"}
			  - {name: public.any_overload}
			triggers:
			  - {table: public.orders, name: trg_touch, enabled: true}
			enums:
			  - {name: public.mood, values: [sad, ok, happy]}
			  - {name: public.state, values: [new, done], allowExtra: true}
			policies:
			  - {table: public.orders, name: p_read, command: select, roles: [reader]}
			  - {table: public.orders, name: p_any}
			grants:
			  - {on: public.orders, kind: TABLE, to: reader, privileges: [SELECT, insert]}
			  - {on: public.v_orders, kind: view, to: reader, privileges: [SELECT]}
			  - {on: public.orders.note, kind: COLUMN, to: reader, privileges: [UPDATE]}
			  - {on: "public.total(x integer)", kind: FUNCTION, to: PUBLIC, privileges: [EXECUTE]}
			  - {on: app, kind: SCHEMA, to: reader, privileges: [USAGE]}
			  - {on: public.orders_id_seq, kind: SEQUENCE, to: reader, privileges: [USAGE, SELECT]}
			  - {on: public.mood, kind: TYPE, to: reader, privileges: [USAGE]}
			""";

	@Test
	void everySectionParsesNormalizedAndWritesBack() {
		Contract contract = ContractDocuments.read(EVERY_KIND, MediaTypeKind.YAML);
		assertThat(contract.views()).containsExactly(new ViewExpectation("public.v_orders", false),
				new ViewExpectation("public.mv_totals", null));
		assertThat(contract.functions()).containsExactly(new FunctionExpectation("public.touch", ""),
				new FunctionExpectation("public.total", "x integer"), new FunctionExpectation("public.any_overload", null));
		assertThat(contract.triggers()).containsExactly(new TriggerExpectation("public.orders", "trg_touch", true));
		assertThat(contract.enums()).containsExactly(new EnumExpectation("public.mood", List.of("sad", "ok", "happy"), null),
				new EnumExpectation("public.state", List.of("new", "done"), true));
		assertThat(contract.policies()).containsExactly(
				new PolicyExpectation("public.orders", "p_read", "SELECT", List.of("reader")),
				new PolicyExpectation("public.orders", "p_any", null, null));
		assertThat(contract.grants()).hasSize(7).first()
			.isEqualTo(new GrantExpectation("public.orders", "TABLE", "reader", List.of("SELECT", "INSERT")));
		assertThat(contract.grants().get(1).kind()).isEqualTo("VIEW");
		// YAML and JSON renderings read back to the same contract
		assertThat(ContractDocuments.read(ContractParser.toYaml(contract), MediaTypeKind.YAML)).isEqualTo(contract);
		assertThat(ContractDocuments.read(ContractParser.toJson(contract), MediaTypeKind.JSON)).isEqualTo(contract);
		// a contract without these sections still writes none of them
		assertThat(ContractParser.toYaml(Contract.empty())).doesNotContain("views").doesNotContain("grants");
	}

	@Test
	void unknownKeysInTheNewSectionsAreRefusedWithPathAndLine() {
		assertThat(problems("""
				views:
				  - name: public.v
				    materialised: true
				""")).singleElement().satisfies(p -> {
			assertThat(p.toList()).startsWith("views[0].materialised", 3);
			assertThat((String) p.toList().get(2)).startsWith("unknown key 'materialised' (did you mean 'materialized'?");
		});
		assertThat(problems("grants:\n  - {on: public.t, kind: TABLE, to: r, privileges: [SELECT], grantable: true}\n"))
			.singleElement()
			.satisfies(p -> assertThat(p.toList()).startsWith("grants[0].grantable", 2));
		assertThat(problems("enums:\n  - name: public.e\n    values: [a, null]\n")).singleElement()
			.satisfies(p -> assertThat(p.toList()).startsWith("enums[0].values[1]", 3));
		assertThat(problems("triggers:\n  - {table: public.t, name: x, enabled: sometimes}\n")).singleElement()
			.satisfies(p -> assertThat(p.toList()).startsWith("triggers[0].enabled", 2));
	}

	@Test
	void namesAreQualifiedAndListedOnce() {
		assertThat(problems("""
				views:
				  - {name: v}
				  - {name: public.v}
				  - {name: public.v, materialized: true}
				functions:
				  - {name: public.f, arguments: "x integer"}
				  - {name: public.f, arguments: "X  INTEGER"}
				  - {name: public.f}
				  - {name: "public.g(x integer)"}
				triggers:
				  - {table: public.t, name: trg}
				  - {table: public.t, name: trg, enabled: false}
				  - {table: t}
				""")).containsExactly(
				tuple("views[0].name", 2, "'v' is not schema-qualified; write it as schema.name, e.g. public.orders"),
				tuple("views[2].name", 4, "view 'public.v' is listed twice"),
				tuple("functions[1].name", 7, "function 'public.f' with arguments (X  INTEGER) is listed twice"),
				tuple("functions[3].name", 9, "write the arguments under 'arguments', not in the name"),
				tuple("triggers[1].name", 12, "trigger 'trg' on public.t is listed twice"),
				tuple("triggers[2].table", 13, "'t' is not schema-qualified; write it as schema.name, e.g. public.orders"),
				tuple("triggers[2].name", 13, "a trigger needs a name"));
	}

	@Test
	void anEnumListsItsValuesOnce() {
		assertThat(problems("""
				enums:
				  - name: public.mood
				    values: [sad, ok, sad]
				  - name: public.mood
				    values: []
				  - name: public.other
				""")).containsExactly(tuple("enums[0].values[2]", 3, "value 'sad' is listed twice"),
				tuple("enums[1].name", 4, "enum 'public.mood' is listed twice"),
				tuple("enums[1].values", 5, "an enum needs its values, in order"),
				tuple("enums[2].values", 6, "an enum needs its values, in order"));
	}

	@Test
	void policiesNameARealCommandAndRolesOnce() {
		assertThat(problems("""
				policies:
				  - {table: public.t, name: p, command: READ}
				  - {table: public.t, name: p, roles: [a, a]}
				  - {table: public.t, name: q, roles: []}
				""")).containsExactly(
				tuple("policies[0].command", 2, "'READ' is not a policy command (one of ALL, SELECT, INSERT, UPDATE, DELETE)"),
				tuple("policies[1].name", 3, "policy 'p' on public.t is listed twice"),
				tuple("policies[1].roles[1]", 3, "role 'a' is listed twice"),
				tuple("policies[2].roles", 4, "no roles; leave roles out to accept any, or list public"));
	}

	@Test
	void aGrantNamesPrivilegesItsKindHas() {
		assertThat(problems("""
				grants:
				  - {on: public.t, kind: TABLE, to: r, privileges: [SELECT, EXECUTE]}
				  - {on: public.f, kind: FUNCTION, to: r, privileges: [EXECUTE]}
				  - {on: public.t, kind: TABLE, to: r, privileges: [UPDATE]}
				  - {on: public.t, kind: INDEX, to: r, privileges: [SELECT]}
				  - {on: public.t, kind: COLUMN, to: r, privileges: [SELECT]}
				  - {on: public.s, kind: SEQUENCE, to: r, privileges: [USAGE, usage, ALL]}
				  - {on: app, kind: SCHEMA, privileges: []}
				""")).containsExactly(
				tuple("grants[0].privileges[1]", 2,
						"'EXECUTE' is not a privilege of a table (one of DELETE, INSERT, MAINTAIN, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE)"),
				tuple("grants[1].on", 3,
						"'public.f' does not name a function; write it as schema.name(identity arguments), e.g. public.f(x integer) or public.g()"),
				tuple("grants[2].on", 4, "table 'public.t' to r is listed twice; merge the privileges into one entry"),
				tuple("grants[3].kind", 5, "'INDEX' is not a grant kind (one of TABLE, VIEW, SEQUENCE, FUNCTION, SCHEMA, TYPE, COLUMN)"),
				tuple("grants[4].on", 6, "'public.t' does not name a column; write it as schema.table.column, e.g. public.orders.email"),
				tuple("grants[5].privileges[1]", 7, "privilege 'USAGE' is listed twice"),
				tuple("grants[5].privileges[2]", 7, "list the privileges one by one instead of ALL"),
				tuple("grants[6].to", 8, "a grant needs its grantee (a role or PUBLIC)"),
				tuple("grants[6].privileges", 8, "a grant needs the privileges the grantee must hold"));
	}

	private static List<org.assertj.core.groups.Tuple> problems(String yaml) {
		try {
			ContractDocuments.read(yaml, MediaTypeKind.YAML);
			return List.of();
		}
		catch (ContractException e) {
			return e.problems().stream().map(p -> tuple(p.path(), p.line(), p.message())).toList();
		}
	}
}
