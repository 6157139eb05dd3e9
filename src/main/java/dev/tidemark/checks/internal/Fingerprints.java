package dev.tidemark.checks.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.tidemark.checks.Violation;

/** A finding's identity across scans: its rule, object kind and object; not its message or evidence. */
final class Fingerprints {

	private Fingerprints() {
	}

	static String of(Violation violation) {
		// Components, not text(): "a.b"."c" and "a"."b.c" are different objects with the same text.
		var o = violation.object();
		String identity = String.join("\u0000", violation.ruleId(), o.kind(), String.valueOf(o.schema()), o.name(),
				String.valueOf(o.part()));
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 16);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
