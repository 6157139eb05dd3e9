package dev.tidemark.checks.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts the contract's JSON Schema into the API document as {@code components/schemas/Contract} (its
 * {@code $defs} as {@code Contract...} schemas) and uses it for the contract bodies, which the controller handles
 * as text so that YAML and JSON are read by the same strict parser.
 */
class ContractSchemaDocumentation implements OpenApiCustomizer {

	static final String NAME = "Contract";

	private static final String DEFS = "#/$defs/";

	private static final String COMPONENTS = "#/components/schemas/";

	/** Operations whose bodies (request and 200) are contract documents. */
	private static final List<String> CONTRACT_OPERATIONS = List.of("getContract", "putContract", "generateContract");

	@Override
	@SuppressWarnings("unchecked")
	public void customise(OpenAPI openApi) {
		Map<String, Object> root = JsonMapper.builder().build().readValue(ContractSchemaController.read(), Map.class);
		Map<String, Object> defs = (Map<String, Object>) root.remove("$defs");
		root.remove("$schema");
		root.remove("$id");
		Map<String, Schema> schemas = new LinkedHashMap<>();
		schemas.put(NAME, schema(root));
		defs.forEach((name, def) -> schemas.put(componentName(name), schema(inlineAlias((Map<String, Object>) def, defs))));
		schemas.forEach(openApi.getComponents()::addSchemas);
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths().values().forEach(item -> item.readOperationsMap().forEach((method, operation) -> {
			if (CONTRACT_OPERATIONS.contains(operation.getOperationId())) {
				refer(operation);
			}
		}));
	}

	private static void refer(Operation operation) {
		if (operation.getRequestBody() != null) {
			refer(operation.getRequestBody().getContent());
		}
		ApiResponse ok = operation.getResponses() == null ? null : operation.getResponses().get("200");
		if (ok != null) {
			refer(ok.getContent());
		}
	}

	private static void refer(Content content) {
		if (content != null) {
			content.values().forEach(media -> media.setSchema(new Schema<>().$ref(COMPONENTS + NAME)));
		}
	}

	static String componentName(String def) {
		return NAME + Character.toUpperCase(def.charAt(0)) + def.substring(1);
	}

	private static Schema<?> schema(Map<String, Object> json) {
		return Json31.mapper().convertValue(rewriteRefs(json), Schema.class);
	}

	/**
	 * A definition that only names another ({@code $ref} plus its own description) becomes a copy of the one it
	 * names: client generators turn a bare reference with siblings into an empty class that reads no value.
	 */
	@SuppressWarnings("unchecked")
	static Map<String, Object> inlineAlias(Map<String, Object> def, Map<String, Object> defs) {
		if (!(def.get("$ref") instanceof String ref) || !ref.startsWith(DEFS)
				|| !def.keySet().stream().allMatch(key -> key.equals("$ref") || key.equals("description"))) {
			return def;
		}
		Map<String, Object> target = (Map<String, Object>) defs.get(ref.substring(DEFS.length()));
		if (target == null) {
			return def;
		}
		Map<String, Object> copy = new LinkedHashMap<>(inlineAlias(target, defs));
		if (def.containsKey("description")) {
			copy.put("description", def.get("description"));
		}
		return copy;
	}

	/** {@code #/$defs/table} becomes {@code #/components/schemas/ContractTable}. */
	@SuppressWarnings("unchecked")
	private static Object rewriteRefs(Object json) {
		if (json instanceof Map<?, ?> map) {
			Map<String, Object> out = new LinkedHashMap<>();
			((Map<String, Object>) map).forEach((key, value) -> out.put(key,
					key.equals("$ref") && value instanceof String ref && ref.startsWith(DEFS)
							? COMPONENTS + componentName(ref.substring(DEFS.length())) : rewriteRefs(value)));
			return out;
		}
		if (json instanceof List<?> list) {
			return list.stream().map(ContractSchemaDocumentation::rewriteRefs).toList();
		}
		return json;
	}
}
