package dev.tidemark.inspection.internal;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Object parts are deflated with a preset dictionary; parts stored before it must still read. */
class SnapshotPartsCompressionTests {

	private static final byte[] TABLE = """
			{"schema":"app","name":"orders","kind":"TABLE","persistence":"p","owner":"app_owner","partitionOf":null,\
			"columns":[{"position":1,"name":"id","dataType":"bigint","nullable":false,"defaultValue":null,\
			"identity":"a","generatedExpression":null,"collation":null,"comment":null}],"partitionBound":null,\
			"inherits":[],"rowSecurity":false,"forceRowSecurity":false,"options":[],"comment":null,"estimatedRows":0}"""
		.getBytes(StandardCharsets.UTF_8);

	@Test
	void aPartDeflatedWithTheDictionaryInflatesToTheSameBytesAndIsSmallerThanWithout() {
		byte[] stored = SnapshotParts.deflate(TABLE);
		assertThat(SnapshotParts.inflate(stored)).isEqualTo(TABLE);
		assertThat(stored.length).isLessThan(withoutDictionary(TABLE).length);
	}

	@Test
	void aPartStoredBeforeTheDictionaryStillInflates() {
		assertThat(SnapshotParts.inflate(withoutDictionary(TABLE))).isEqualTo(TABLE);
	}

	/** How parts were deflated before the dictionary (changeset 043's first format). */
	private static byte[] withoutDictionary(byte[] content) {
		return SnapshotParts.deflate(content, null);
	}
}
