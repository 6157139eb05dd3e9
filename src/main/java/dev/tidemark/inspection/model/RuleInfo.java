package dev.tidemark.inspection.model;

/**
 * A rewrite rule on a view (other than the {@code _RETURN} rule that is the view's query): {@code definition} is
 * {@code pg_get_ruledef} (not pretty), {@code CREATE RULE ... ;}: the event goes on its own indented line
 * ({@code CREATE RULE r AS\n    ON DELETE TO s.v DO INSTEAD NOTHING;}), and a rule with several actions spans more;
 * names are schema-qualified where the reading session's search_path does not show them.
 */
public record RuleInfo(String name, String definition) {
}
