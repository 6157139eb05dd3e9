package dev.tidemark.web;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;

/**
 * Every record's schema lists its non-null components as {@code required}: the code is {@code @NullMarked}, so a
 * component without {@code @Nullable} is always present in a response (and must be in a request). A {@code @Nullable}
 * component also allows {@code null}: a plain type by adding the type {@code null}, a reference to another schema as
 * {@code anyOf} the reference and {@code null} (unless Jackson leaves the component out when null). A record that both
 * requests and responses carry, and whose {@code defaults()} fills what a request leaves out (TargetOptions), has no
 * required components but shows each one's default.
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
		Object defaults = defaults(raw);
		if (defaults != null) {
			// Read and written: requests may leave out any component, which then takes its default
			for (RecordComponent component : raw.getRecordComponents()) {
				Schema property = (Schema) model.getProperties().get(component.getName());
				if (property != null && property.getDefault() == null) {
					try {
						property.setDefault(component.getAccessor().invoke(defaults));
					}
					catch (ReflectiveOperationException e) {
						// no default to show
					}
				}
			}
			return resolved;
		}
		List<String> required = new ArrayList<>(model.getRequired() == null ? List.of() : model.getRequired());
		for (RecordComponent component : raw.getRecordComponents()) {
			String name = component.getName();
			Schema property = (Schema) model.getProperties().get(name);
			boolean nullable = nullable(raw, component);
			if (property != null && nullable && property.get$ref() == null && property.getTypes() != null
					&& !property.getTypes().isEmpty() && !property.getTypes().contains("null")) {
				property.addType("null"); // Jackson writes a null, so a client must accept one
			}
			else if (property != null && nullable && property.get$ref() != null && !omittable(raw, component)) {
				// a reference with null beside it: OpenAPI 3.1 has no nullable, and type cannot widen a $ref
				Schema either = new JsonSchema();
				either.addAnyOfItem(new JsonSchema().$ref(property.get$ref()));
				Schema none = new JsonSchema();
				none.addType("null");
				either.addAnyOfItem(none);
				if (property.getDescription() != null) {
					either.setDescription(property.getDescription());
				}
				model.getProperties().put(name, either);
			}
			if (property != null && property.get$ref() == null) {
				validationAsSchema(component, property);
			}
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

	/**
	 * What the server checks, said the way JSON Schema means it: {@code @NotBlank} is at least one character and one
	 * that is not white space ({@code @Size}'s minimum of 0 would otherwise say an empty string is fine), and a
	 * {@code @Pattern} matches the whole value (JSON Schema patterns match anywhere in it; Bean Validation's the
	 * whole).
	 */
	@SuppressWarnings("rawtypes")
	private static void validationAsSchema(RecordComponent component, Schema property) {
		if (annotated(component, NotBlank.class)) {
			if (property.getMinLength() == null || property.getMinLength() < 1) {
				property.setMinLength(1);
			}
			if (property.getPattern() == null) {
				property.setPattern("\\S");
			}
		}
		String pattern = property.getPattern();
		if (pattern != null && annotated(component, jakarta.validation.constraints.Pattern.class)
				&& !pattern.startsWith("^")) {
			property.setPattern("^(?:" + pattern + ")$");
		}
	}

	private static boolean annotated(RecordComponent component, Class<? extends java.lang.annotation.Annotation> type) {
		return component.getAccessor().isAnnotationPresent(type) || component.getAnnotatedType().isAnnotationPresent(type);
	}

	/** The record's {@code public static defaults()}, if it has one: its components are all optional. */
	private static @Nullable Object defaults(Class<?> record) {
		try {
			Method factory = record.getMethod("defaults");
			return Modifier.isStatic(factory.getModifiers()) && factory.getReturnType() == record
					? factory.invoke(null) : null;
		}
		catch (ReflectiveOperationException e) {
			return null;
		}
	}

	/** Whether a component may be null: marked {@code @Nullable}. */
	private static boolean nullable(Class<?> record, RecordComponent component) {
		return component.getAnnotatedType().isAnnotationPresent(Nullable.class);
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
