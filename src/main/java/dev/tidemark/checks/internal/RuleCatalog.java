package dev.tidemark.checks.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import dev.tidemark.checks.Rule;

import org.springframework.stereotype.Component;

/** Every rule bean, by id. Refuses to start with a duplicate or malformed id: ids are a public contract. */
@Component
class RuleCatalog {

	static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

	private final Map<String, Rule> rules;

	RuleCatalog(List<Rule> rules) {
		Map<String, Rule> byId = new TreeMap<>();
		for (Rule rule : rules) {
			if (!ID.matcher(rule.id()).matches()) {
				throw new IllegalStateException("Rule id '" + rule.id() + "' of " + rule.getClass().getName()
						+ " is not kebab-case");
			}
			Rule previous = byId.put(rule.id(), rule);
			if (previous != null) {
				throw new IllegalStateException("Rule id '" + rule.id() + "' is used by both "
						+ previous.getClass().getName() + " and " + rule.getClass().getName());
			}
		}
		this.rules = Map.copyOf(byId);
	}

	boolean knows(String ruleId) {
		return rules.containsKey(ruleId);
	}

	Collection<Rule> all() {
		return new TreeMap<>(rules).values();
	}
}
