package dev.tidemark.inspection.model;

/**
 * A rewrite rule on a view (other than the {@code _RETURN} rule that is the view's query): {@code definition} is
 * {@code pg_get_ruledef} (not pretty: one line, names schema-qualified), {@code CREATE RULE ... ;}.
 */
public record RuleInfo(String name, String definition) {
}
