package dev.tidemark.remediation.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

import dev.tidemark.targets.Target;
import dev.tidemark.targets.TargetSession;
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
		// each field length-prefixed, so no value can pass for a field boundary (a label value "x, env=prod")
		StringBuilder text = new StringBuilder();
		field(text, target.jdbcUrl());
		field(text, target.username());
		field(text, Objects.requireNonNullElse(target.remediationUsername(), ""));
		target.labels().forEach((key, value) -> {
			field(text, key);
			field(text, value);
		});
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
				.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every JDK", e);
		}
	}

	private static void field(StringBuilder text, String value) {
		text.append(value.length()).append(':').append(value).append(';');
	}

	/** Whether {@code bound} (null: proposed before bindings were stored) still describes {@code target}. */
	static boolean holds(@Nullable String bound, Target target) {
		return of(target).equals(bound);
	}

	/**
	 * Whether a remediation may be rolled back on {@code target}: its binding holds, or it has none (applied before
	 * bindings were stored, where refusing would leave it impossible to roll back through Tidemark at all).
	 */
	static boolean allowsRollback(@Nullable String bound, Target target) {
		return bound == null || holds(bound, target);
	}

	/**
	 * Whether {@code session} reached the database the plan was made for ({@code planned}: the identity its target's
	 * latest scan reached at proposal; null when unknown, and then only the binding is checked). Catches what the
	 * binding cannot: the same URL resolving to another server.
	 */
	static boolean sameDatabase(@Nullable String planned, TargetSession session) {
		return planned == null || planned.equals(session.databaseIdentity());
	}

	/** What {@link #sameDatabase} found, for a status reason: which database was planned and which was reached. */
	static String otherDatabase(@Nullable String planned, TargetSession session) {
		if (session.databaseIdentity() == null) {
			// most likely a grant, not another database: say how to fix it
			Target target = session.target();
			String role = target.remediationUsername() == null ? target.username() : target.remediationUsername();
			return "which database the target's URL reaches cannot be told: its role " + role + " may not call "
					+ "pg_control_system() (GRANT EXECUTE ON FUNCTION pg_catalog.pg_control_system() TO " + role
					+ "), and this remediation was planned for a known one (" + describe(planned) + ")";
		}
		return "the target's URL now reaches another database (" + describe(session.databaseIdentity())
				+ ") than the one this remediation was planned for (" + describe(planned) + ")";
	}

	private static String describe(@Nullable String identity) {
		if (identity == null) {
			return "one that does not say which it is";
		}
		int slash = identity.indexOf('/');
		return "server system identifier " + identity.substring(0, slash) + ", database OID "
				+ identity.substring(slash + 1);
	}

	static final String ROLLBACK_ELSEWHERE = "the target's connection (JDBC URL or user) or labels changed since it "
			+ "was proposed, so the rollback could run on another database than the one it was applied to; roll it "
			+ "back by hand there";

	static final String CHANGED_SINCE = "the target's connection (JDBC URL or user) or labels changed since it was "
			+ "proposed; put them back, or roll it back by hand on the database it ran on";

	static final String CHANGED = "The target's connection (JDBC URL or user) or labels changed since this "
			+ "remediation was proposed, so its plan and approvals were for another database or approval rule; "
			+ "propose it again";
}
