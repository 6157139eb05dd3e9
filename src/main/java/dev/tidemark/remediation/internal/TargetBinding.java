package dev.tidemark.remediation.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

import dev.tidemark.targets.Target;
import org.jspecify.annotations.Nullable;

/**
 * What a remediation is bound to: the target's JDBC URL, its users (inspection and remediation) and its labels (they
 * decide the approvals needed), as a hash. A password change keeps the binding; pointing the target at another
 * database, or relabelling it, breaks it.
 */
final class TargetBinding {

	private TargetBinding() {
	}

	static String of(Target target) {
		// unit separators keep fields apart whatever they hold; labels are sorted (a SortedMap)
		String text = String.join("\u001f", target.jdbcUrl(), target.username(),
				Objects.requireNonNullElse(target.remediationUsername(), ""), target.labels().toString());
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
				.digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every JDK", e);
		}
	}

	/** Whether {@code bound} (null: proposed before bindings were stored) still describes {@code target}. */
	static boolean holds(@Nullable String bound, Target target) {
		return of(target).equals(bound);
	}

	static final String CHANGED = "The target's connection (JDBC URL or user) or labels changed since this "
			+ "remediation was proposed, so its plan and approvals were for another database or approval rule; "
			+ "propose it again";
}
