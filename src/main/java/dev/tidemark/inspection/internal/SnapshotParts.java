package dev.tidemark.inspection.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Adler32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import dev.tidemark.inspection.model.CatalogSnapshot;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Splits a snapshot's canonical JSON into content-addressed parts and puts it back together, byte for byte.
 * <p>
 * Each element of each top-level list is an object part (its JSON bytes, hashed with SHA-256). A list is cut into
 * chunks where an element's hash says so (content-defined, about {@value #CHUNK_TARGET} elements each, at most
 * {@value #CHUNK_MAX}), so inserting one table changes one chunk and leaves the others, and their order, alone; a
 * chunk part is its elements' hashes concatenated (32 bytes each). The root part is small JSON: every top-level
 * field in document order, scalars as their exact JSON text, lists as their chunk hashes. Concatenating the
 * pieces gives exactly {@code json.writeValueAsString(catalog)}, so its SHA-256 is computed from the pieces
 * without building the whole document.
 */
final class SnapshotParts {

	static final int HASH_BYTES = 32;

	static final int CHUNK_TARGET = 64;

	static final int CHUNK_MAX = 1024;

	static final String ROOT = "root";

	static final String CHUNK = "chunk";

	static final String OBJECT = "object";

	private static final byte[] OPEN_OBJECT = { '{' };

	private static final byte[] CLOSE_OBJECT = { '}' };

	private static final byte[] OPEN_ARRAY = { '[' };

	private static final byte[] CLOSE_ARRAY = { ']' };

	private static final byte[] COMMA = { ',' };

	private static final byte[] COLON = { ':' };

	private static final Map<String, RecordComponent> COMPONENTS = new LinkedHashMap<>();

	static {
		for (RecordComponent component : CatalogSnapshot.class.getRecordComponents()) {
			COMPONENTS.put(component.getName(), component);
		}
	}

	/** One part: hash, kind and the bytes stored. */
	record Part(byte[] hash, String kind, byte[] content) {
	}

	/** A snapshot as parts: the root's hash, every part (root included, each hash once) and the canonical SHA-256. */
	record Split(byte[] rootHash, Map<String, Part> parts, String contentSha256, long jsonBytes, Duration jsonTime,
			Duration hashTime) {
	}

	private SnapshotParts() {
	}

	static Split split(CatalogSnapshot catalog, JsonMapper json) {
		long started = System.nanoTime();
		long jsonNanos = 0;
		MessageDigest elementDigest = sha256();
		CountingDigest document = new CountingDigest();
		Map<String, Part> parts = new LinkedHashMap<>();
		ObjectNode root = json.createObjectNode();
		ArrayNode fields = root.putArray("fields");
		document.update(OPEN_OBJECT);
		boolean firstField = true;
		for (String name : fieldOrder(catalog, json)) {
			Object value = value(COMPONENTS.get(name), catalog);
			if (!firstField) {
				document.update(COMMA);
			}
			firstField = false;
			document.update(json.writeValueAsBytes(name));
			document.update(COLON);
			ObjectNode field = fields.addObject().put("name", name);
			if (value instanceof List<?> list) {
				ArrayNode chunks = field.putArray("chunks");
				document.update(OPEN_ARRAY);
				ByteArrayOutputStream chunk = new ByteArrayOutputStream();
				int inChunk = 0;
				for (int i = 0; i < list.size(); i++) {
					if (i > 0) {
						document.update(COMMA);
					}
					long serializing = System.nanoTime();
					byte[] element = json.writeValueAsBytes(list.get(i));
					jsonNanos += System.nanoTime() - serializing;
					document.update(element);
					byte[] hash = elementDigest.digest(element);
					parts.putIfAbsent(HexFormat.of().formatHex(hash), new Part(hash, OBJECT, element));
					chunk.writeBytes(hash);
					inChunk++;
					if (endsChunk(hash) || inChunk == CHUNK_MAX || i == list.size() - 1) {
						chunks.add(HexFormat.of().formatHex(add(parts, CHUNK, chunk.toByteArray())));
						chunk.reset();
						inChunk = 0;
					}
				}
				document.update(CLOSE_ARRAY);
			}
			else {
				String text = json.writeValueAsString(value);
				document.update(text.getBytes(StandardCharsets.UTF_8));
				field.put("json", text);
			}
		}
		document.update(CLOSE_OBJECT);
		byte[] rootHash = add(parts, ROOT, json.writeValueAsBytes(root));
		String contentSha256 = HexFormat.of().formatHex(document.digest.digest());
		long total = System.nanoTime() - started;
		// everything but the objects' JSON is hashing and cutting into parts
		return new Split(rootHash, parts, contentSha256, document.length, Duration.ofNanos(jsonNanos),
				Duration.ofNanos(total - jsonNanos));
	}

	/** SHA-256 of the whole document and its length, fed piece by piece. */
	private static final class CountingDigest {

		private final MessageDigest digest = sha256();

		private long length;

		void update(byte[] bytes) {
			digest.update(bytes);
			length += bytes.length;
		}
	}

	/** The root's chunk hashes, each once, to fetch them. */
	static List<byte[]> chunkHashes(byte[] rootContent, JsonMapper json) {
		List<byte[]> hashes = new ArrayList<>();
		for (JsonNode field : json.readTree(rootContent).get("fields")) {
			if (field.has("chunks")) {
				for (JsonNode chunk : field.get("chunks")) {
					hashes.add(HexFormat.of().parseHex(chunk.asString()));
				}
			}
		}
		return hashes;
	}

	/** The canonical JSON bytes again, from the root and a lookup of every part by hex hash. */
	static byte[] assemble(byte[] rootContent, Map<String, byte[]> partsByHex, JsonMapper json) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(OPEN_OBJECT);
		boolean firstField = true;
		for (JsonNode field : json.readTree(rootContent).get("fields")) {
			if (!firstField) {
				out.writeBytes(COMMA);
			}
			firstField = false;
			out.writeBytes(json.writeValueAsBytes(field.get("name").asString()));
			out.writeBytes(COLON);
			if (field.has("chunks")) {
				out.writeBytes(OPEN_ARRAY);
				boolean firstElement = true;
				for (JsonNode chunkHash : field.get("chunks")) {
					byte[] chunk = required(partsByHex, chunkHash.asString());
					for (int at = 0; at < chunk.length; at += HASH_BYTES) {
						if (!firstElement) {
							out.writeBytes(COMMA);
						}
						firstElement = false;
						out.writeBytes(required(partsByHex,
								HexFormat.of().formatHex(chunk, at, at + HASH_BYTES)));
					}
				}
				out.writeBytes(CLOSE_ARRAY);
			}
			else {
				out.writeBytes(field.get("json").asString().getBytes(StandardCharsets.UTF_8));
			}
		}
		out.writeBytes(CLOSE_OBJECT);
		return out.toByteArray();
	}

	static List<byte[]> objectHashes(byte[] chunkContent) {
		List<byte[]> hashes = new ArrayList<>(chunkContent.length / HASH_BYTES);
		for (int at = 0; at < chunkContent.length; at += HASH_BYTES) {
			hashes.add(java.util.Arrays.copyOfRange(chunkContent, at, at + HASH_BYTES));
		}
		return hashes;
	}

	/**
	 * Preset dictionaries for object parts, by their Adler-32 (what zlib records in a stream that used one): sample
	 * objects of every kind, so a small part compresses against the keys and values objects share instead of alone.
	 * A dictionary is never changed once parts use it; a new one gets a new file and becomes {@link #DICTIONARY}.
	 */
	private static final Map<Integer, byte[]> DICTIONARIES = new HashMap<>();

	/** The dictionary new parts are written with. */
	private static final byte[] DICTIONARY = dictionary("snapshot-parts/dictionary-1.json");

	private static byte[] dictionary(String resource) {
		try (InputStream in = SnapshotParts.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException(resource + " is missing");
			}
			byte[] bytes = in.readAllBytes();
			Adler32 adler = new Adler32();
			adler.update(bytes);
			DICTIONARIES.put((int) adler.getValue(), bytes);
			return bytes;
		}
		catch (IOException e) {
			throw new IllegalStateException("Could not read " + resource, e);
		}
	}

	/**
	 * How an object part is stored: zlib at the fastest level with a preset dictionary (parts are mostly small
	 * objects that repeat the same keys). Parts written before the dictionary inflate as they are.
	 */
	static byte[] deflate(byte[] content) {
		return deflate(content, DICTIONARY);
	}

	/** With the given preset dictionary, or none (how parts were written before the dictionary). */
	static byte[] deflate(byte[] content, byte @Nullable [] dictionary) {
		Deflater deflater = new Deflater(Deflater.BEST_SPEED);
		try {
			if (dictionary != null) {
				deflater.setDictionary(dictionary);
			}
			deflater.setInput(content);
			deflater.finish();
			ByteArrayOutputStream out = new ByteArrayOutputStream(content.length / 2 + 64);
			byte[] buffer = new byte[8192];
			while (!deflater.finished()) {
				out.write(buffer, 0, deflater.deflate(buffer));
			}
			return out.toByteArray();
		}
		finally {
			deflater.end();
		}
	}

	static byte[] inflate(byte[] stored) {
		Inflater inflater = new Inflater();
		try {
			inflater.setInput(stored);
			ByteArrayOutputStream out = new ByteArrayOutputStream(stored.length * 4);
			byte[] buffer = new byte[8192];
			while (!inflater.finished()) {
				int n = inflater.inflate(buffer);
				if (n == 0 && inflater.needsDictionary()) {
					byte[] dictionary = DICTIONARIES.get(inflater.getAdler());
					if (dictionary == null) {
						throw new IllegalStateException("Snapshot part needs an unknown dictionary " + inflater.getAdler());
					}
					inflater.setDictionary(dictionary);
					continue;
				}
				if (n == 0 && inflater.needsInput()) {
					throw new IllegalStateException("Truncated snapshot part");
				}
				out.write(buffer, 0, n);
			}
			return out.toByteArray();
		}
		catch (DataFormatException e) {
			throw new IllegalStateException("Corrupt snapshot part", e);
		}
		finally {
			inflater.end();
		}
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Content-defined boundary: about one element in {@link #CHUNK_TARGET} ends a chunk, chosen by its hash. */
	private static boolean endsChunk(byte[] hash) {
		return (((hash[0] & 0xff) << 8) | (hash[1] & 0xff)) % CHUNK_TARGET == 0;
	}

	private static byte[] add(Map<String, Part> parts, String kind, byte[] content) {
		byte[] hash = sha256().digest(content);
		parts.putIfAbsent(HexFormat.of().formatHex(hash), new Part(hash, kind, content));
		return hash;
	}

	private static byte[] required(Map<String, byte[]> partsByHex, String hex) {
		byte[] part = partsByHex.get(hex);
		if (part == null) {
			throw new IllegalStateException("Snapshot part " + hex + " is missing from the store");
		}
		return part;
	}

	/**
	 * The top-level fields in the order and with the inclusion the mapper writes them: read from the mapper's own
	 * output for this snapshot with every list emptied (small), so the pieces concatenate to its full output.
	 */
	private static List<String> fieldOrder(CatalogSnapshot catalog, JsonMapper json) {
		Object[] skeleton = new Object[COMPONENTS.size()];
		Class<?>[] types = new Class<?>[COMPONENTS.size()];
		int i = 0;
		for (RecordComponent component : COMPONENTS.values()) {
			Object value = value(component, catalog);
			skeleton[i] = value instanceof List<?> ? List.of() : value;
			types[i++] = component.getType();
		}
		CatalogSnapshot empty;
		try {
			empty = CatalogSnapshot.class.getDeclaredConstructor(types).newInstance(skeleton);
		}
		catch (ReflectiveOperationException e) {
			throw new IllegalStateException(e);
		}
		List<String> names = new ArrayList<>();
		for (var property : json.valueToTree(empty).properties()) {
			if (!COMPONENTS.containsKey(property.getKey())) {
				throw new IllegalStateException("Snapshot JSON field " + property.getKey() + " is no record component");
			}
			names.add(property.getKey());
		}
		return names;
	}

	private static Object value(RecordComponent component, CatalogSnapshot catalog) {
		try {
			return component.getAccessor().invoke(catalog);
		}
		catch (IllegalAccessException | InvocationTargetException e) {
			throw new IllegalStateException(e);
		}
	}
}
