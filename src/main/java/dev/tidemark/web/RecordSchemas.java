package dev.tidemark.web;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Every record's schema lists its non-null components as {@code required}: the code is {@code @NullMarked}, so a
 * component without {@code @Nullable} is always present in a response (and must be in a request).
 */
class RecordSchemas implements ModelConverter {

	private static final String REF_PREFIX = "#/components/schemas/";

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public @Nullable Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
		if (!chain.hasNext()) {
			return null;
		}
		Schema resolved = chain.next().resolve(type, context, chain);
		Class<?> raw = type.getType() == null ? null : Json.mapper().constructType(type.getType()).getRawClass();
		if (resolved == null || raw == null || !raw.isRecord()) {
			return resolved;
		}
		Schema model = resolved;
		if (resolved.get$ref() != null && resolved.get$ref().startsWith(REF_PREFIX)) {
			model = context.getDefinedModels().get(resolved.get$ref().substring(REF_PREFIX.length()));
		}
		if (model == null || model.getProperties() == null) {
			return resolved;
		}
		List<String> required = new ArrayList<>(model.getRequired() == null ? List.of() : model.getRequired());
		for (RecordComponent component : raw.getRecordComponents()) {
			String name = component.getName();
			if (model.getProperties().containsKey(name) && !required.contains(name)
					&& !component.getAnnotatedType().isAnnotationPresent(Nullable.class) && !omittable(raw, component)) {
				required.add(name);
			}
		}
		if (!required.isEmpty()) {
			model.setRequired(required);
		}
		return resolved;
	}

	/** A component that Jackson leaves out when null or empty is not always there. */
	private static boolean omittable(Class<?> record, RecordComponent component) {
		JsonInclude include = component.getAccessor().getAnnotation(JsonInclude.class);
		try {
			if (include == null) {
				include = record.getDeclaredField(component.getName()).getAnnotation(JsonInclude.class);
			}
		}
		catch (NoSuchFieldException e) {
			// a record always has the field
		}
		return include != null && include.value() != JsonInclude.Include.ALWAYS
				&& include.value() != JsonInclude.Include.USE_DEFAULTS;
	}
}
