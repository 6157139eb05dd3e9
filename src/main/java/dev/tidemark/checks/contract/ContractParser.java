package dev.tidemark.checks.contract;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.Nulls;
import dev.tidemark.common.StorableTextModule;
import dev.tidemark.common.UnstorableTextException;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLReadFeature;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;
import tools.jackson.dataformat.yaml.util.StringQuotingChecker;

/**
 * Reads and writes contract documents, strictly: unknown keys, duplicate keys, wrong types and trailing content
 * are refused with a {@link ContractException} holding one problem with its path, line and column. A blank
 * document, or one holding only comments or {@code null}, is the empty contract. In YAML, {@code null} or nothing
 * after the colon is null; {@code ~} is not (the parser follows YAML 1.2's JSON schema) and reads as text.
 * Parsing does not check for contradictions: {@link ContractDocuments#read} does both.
 */
public final class ContractParser {

	private static final YAMLMapper YAML = configure(
			YAMLMapper.builder(YAMLFactory.builder().stringQuotingChecker(new Yaml11Quoting()).build()))
		// "columns:" with nothing after it means null, as in YAML 1.1, not the empty string
		.enable(YAMLReadFeature.EMPTY_STRING_AS_NULL)
		.disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
		.enable(YAMLWriteFeature.MINIMIZE_QUOTES)
		// 1.10 written bare would read back as the number 1.1 in other YAML tools
		.enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
		.enable(YAMLWriteFeature.INDENT_ARRAYS_WITH_INDICATOR)
		.build();

	private static final JsonMapper JSON = configure(JsonMapper.builder())
		.enable(SerializationFeature.INDENT_OUTPUT)
		.build();

	private ContractParser() {
	}

	/**
	 * Also quotes what YAML 1.1 readers (PyYAML, SnakeYAML 1.x) take for numbers although YAML 1.2 does not:
	 * {@code 20250812_150000} (underscores) and {@code 168:00:00} (base 60).
	 */
	private static final class Yaml11Quoting extends StringQuotingChecker.Default {

		private static final Pattern YAML11_NUMBER = Pattern.compile("[-+]?[0-9.][0-9_:.eE+-]*");

		@Override
		public boolean needToQuoteValue(String value) {
			return super.needToQuoteValue(value) || YAML11_NUMBER.matcher(value).matches();
		}
	}

	private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(
			B builder) {
		return builder.addModule(new StorableTextModule())
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			// checked after reading instead, with a message that says what to remove
			.disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			// premake: 1.5 is a mistake, not 1
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			// a key given twice would silently lose one of the values
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			// [a, null] is a slip, never an expectation
			.changeDefaultNullHandling(n -> n.withContentNulls(Nulls.FAIL))
			.changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_NULL)
				.withContentInclusion(JsonInclude.Include.NON_NULL));
	}

	public static Contract parseYaml(String text) {
		return parse(YAML, text, MediaTypeKind.YAML);
	}

	public static Contract parseJson(String text) {
		return parse(JSON, text, MediaTypeKind.JSON);
	}

	public static Contract parse(String text, MediaTypeKind kind) {
		return kind == MediaTypeKind.YAML ? parseYaml(text) : parseJson(text);
	}

	public static String toYaml(Contract contract) {
		return YAML.writeValueAsString(contract);
	}

	public static String toJson(Contract contract) {
		return JSON.writeValueAsString(contract) + "\n";
	}

	public static String write(Contract contract, MediaTypeKind kind) {
		return kind == MediaTypeKind.YAML ? toYaml(contract) : toJson(contract);
	}

	/** Where each path of the document starts, for pointing semantic problems at a line. */
	static Map<String, TokenStreamLocation> locations(String text, MediaTypeKind kind) {
		return SourceLocations.read(kind == MediaTypeKind.YAML ? YAML : JSON, text);
	}

	private static Contract parse(ObjectMapper mapper, String text, MediaTypeKind kind) {
		try (JsonParser parser = mapper.createParser(text)) {
			// problems are described while the parser is open: closing it forgets the offending token
			try {
				return read(mapper, parser, kind);
			}
			catch (JacksonException e) {
				throw new ContractException(List.of(problem(e, text, kind)));
			}
		}
		catch (JacksonException e) {
			throw new ContractException(List.of(problem(e, text, kind)));
		}
	}

	private static Contract read(ObjectMapper mapper, JsonParser parser, MediaTypeKind kind) {
		JsonToken first = parser.nextToken();
		// nothing, null, or a YAML document with only "---" in it: no section, no expectation
		Contract contract = first == null || first == JsonToken.VALUE_NULL
				|| (first == JsonToken.VALUE_STRING && parser.getString().isBlank()) ? Contract.empty()
						: mapper.readValue(parser, Contract.class);
		if (first != null && parser.nextToken() != null) {
			TokenStreamLocation at = parser.currentTokenLocation();
			throw new ContractException(List.of(new ContractProblem("", line(at), column(at),
					kind == MediaTypeKind.YAML ? "only one YAML document is allowed; remove what follows it"
							: "unexpected content after the end of the JSON object")));
		}
		return contract == null ? Contract.empty() : contract;
	}

	static ContractProblem problem(JacksonException e, String text, MediaTypeKind kind) {
		String path = path(e);
		TokenStreamLocation at = e.getLocation();
		if (e instanceof UnrecognizedPropertyException) {
			// Jackson reports where the parser stopped, often past the value; point at the key itself
			TokenStreamLocation key = locations(text, kind).get(path);
			at = key == null ? at : key;
		}
		return new ContractProblem(path, line(at), column(at), message(e, kind));
	}

	private static String message(JacksonException e, MediaTypeKind kind) {
		if (e instanceof UnstorableTextException unstorable) {
			return unstorable.reason();
		}
		if (e instanceof UnrecognizedPropertyException unknown) {
			return unknownKey(unknown.getPropertyName(), unknown.getKnownPropertyIds());
		}
		if (e instanceof InvalidNullException) {
			return "a list entry may not be null (empty)";
		}
		if (e instanceof ValueInstantiationException && e.getCause() != null && e.getCause().getMessage() != null) {
			return e.getCause().getMessage();
		}
		if (e instanceof InvalidFormatException format) {
			return "expected " + expected(format.getTargetType()) + " but found '" + format.getValue() + "'";
		}
		if (e instanceof MismatchedInputException mismatch) {
			return "expected " + expected(mismatch.getTargetType()) + " but found " + found(mismatch);
		}
		String original = firstLine(e.getOriginalMessage());
		if (original.startsWith("Duplicate Object property")) {
			// Jackson: Duplicate Object property "tables"
			return "key " + original.substring(original.indexOf('"')).replace('"', '\'') + " appears twice";
		}
		if (e.getCause() instanceof MarkedYamlEngineException yaml) {
			// SnakeYAML's context and problem without its own line numbers and excerpt: we report those
			String context = yaml.getContext() == null ? "" : yaml.getContext() + ": ";
			return "not valid YAML: " + context + firstLine(yaml.getProblem());
		}
		if (e instanceof StreamReadException) {
			return (kind == MediaTypeKind.YAML ? "not valid YAML: " : "not valid JSON: ") + original;
		}
		return original;
	}

	static String unknownKey(String name, @Nullable Collection<Object> known) {
		if (known == null || known.isEmpty()) {
			return "unknown key '" + name + "'";
		}
		List<String> names = known.stream().map(String::valueOf).toList();
		String closest = names.stream().min(Comparator.comparingInt(k -> distance(k, name))).orElseThrow();
		String hint = distance(closest, name) <= Math.max(2, name.length() / 3) ? "did you mean '" + closest + "'? "
				: "";
		return "unknown key '" + name + "' (" + hint + "known: " + String.join(", ", names) + ")";
	}

	private static String expected(@Nullable Class<?> type) {
		if (type == null) {
			return "a different value";
		}
		if (Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "a list";
		}
		if (type == String.class) {
			return "a text value";
		}
		if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
			return "a whole number";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		return "an object (key: value pairs)";
	}

	private static String found(MismatchedInputException e) {
		JsonToken token = e.getCurrentToken();
		if (token == null && e.processor() instanceof JsonParser p) {
			token = p.currentToken();
		}
		if (token == null) {
			return "nothing";
		}
		return switch (token) {
			case START_ARRAY, END_ARRAY -> "a list";
			case START_OBJECT, END_OBJECT, PROPERTY_NAME -> "an object";
			case VALUE_NULL -> "null";
			case VALUE_TRUE, VALUE_FALSE -> "a boolean";
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_STRING -> scalar(e, token);
			default -> "something else";
		};
	}

	private static String scalar(MismatchedInputException e, JsonToken token) {
		String kind = token == JsonToken.VALUE_STRING ? "the text" : "the number";
		if (e.processor() instanceof JsonParser p && p.currentToken() != null && p.currentToken().isScalarValue()) {
			try {
				return kind + " '" + p.getString() + "'";
			}
			catch (JacksonException ignored) {
				// the value is gone; the kind alone still helps
			}
		}
		return token == JsonToken.VALUE_STRING ? "a text value" : "a number";
	}

	/** {@code tables[2].columns[0].type} from Jackson's reference chain. */
	private static String path(JacksonException e) {
		StringBuilder out = new StringBuilder();
		for (JacksonException.Reference ref : e.getPath()) {
			if (ref.getPropertyName() != null) {
				if (!out.isEmpty()) {
					out.append('.');
				}
				out.append(ref.getPropertyName());
			}
			else if (ref.getIndex() >= 0) {
				out.append('[').append(ref.getIndex()).append(']');
			}
		}
		if (out.isEmpty() && !(e instanceof DatabindException) && e.processor() instanceof JsonParser p) {
			// syntax errors carry no reference chain; the parser still knows where it was
			return path(p.streamReadContext());
		}
		return out.toString();
	}

	static String path(@Nullable TokenStreamContext context) {
		List<String> parts = new ArrayList<>();
		for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
			if (c.inArray()) {
				parts.add(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
			}
			else if (c.inObject() && c.currentName() != null) {
				parts.add(0, "." + c.currentName());
			}
		}
		String joined = String.join("", parts);
		return joined.startsWith(".") ? joined.substring(1) : joined;
	}

	static @Nullable Integer line(@Nullable TokenStreamLocation at) {
		return at == null || at.getLineNr() <= 0 ? null : at.getLineNr();
	}

	static @Nullable Integer column(@Nullable TokenStreamLocation at) {
		return at == null || at.getColumnNr() <= 0 ? null : at.getColumnNr();
	}

	private static String firstLine(@Nullable String message) {
		return message == null ? "unreadable document" : message.lines().findFirst().orElse("").trim();
	}

	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int cost = Character.toLowerCase(a.charAt(i - 1)) == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1;
				current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}
}
