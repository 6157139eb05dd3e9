package dev.tidemark.targets;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.tidemark.common.PageOf;
import dev.tidemark.common.PageRequest;
import dev.tidemark.common.Precondition;
import org.jspecify.annotations.Nullable;

/** Registering, changing and removing targets, and opening connections to them. */
public interface Targets {

	PageOf<Target> list(PageRequest page, @Nullable Map<String, String> labels);

	List<Target> all();

	Target get(UUID id);

	Optional<Target> findByName(String name);

	/**
	 * Registers a target. With {@code verifyConnection} the definition's own credentials must open a session first,
	 * so a wrong password or an unreachable host is refused and nothing is stored.
	 */
	Target register(TargetDefinition definition, String actor, boolean verifyConnection);

	/** Replaces a target's definition (a null password keeps the stored one, an empty one clears it). */
	default Target replace(UUID id, TargetDefinition definition, String actor, boolean verifyConnection) {
		return replace(id, definition, actor, verifyConnection, Precondition.none());
	}

	/**
	 * Replaces a target's definition if {@code precondition} holds for its {@link #eTag ETag} at the moment of
	 * writing; {@link dev.tidemark.common.PreconditionFailedException} otherwise.
	 */
	Target replace(UUID id, TargetDefinition definition, String actor, boolean verifyConnection,
			Precondition precondition);

	default void remove(UUID id, String actor) {
		remove(id, actor, Precondition.none());
	}

	void remove(UUID id, String actor, Precondition precondition);

	/** The strong ETag of a target as it is: changes with every write. */
	static String eTag(Target target) {
		return Precondition.strongETag("target", target.id(), target.version());
	}

	ConnectionTestResult testConnection(UUID id);

	/** A read-only session with the target's inspection credentials and timeouts. */
	TargetSession openInspectionSession(UUID id);

	/**
	 * A second read-only session, only if the target's {@code poolSize} has a connection free right now (never
	 * waits): a scan reads half of a changed catalog on it, or everything on its first session when there is none.
	 */
	Optional<TargetSession> tryOpenInspectionSession(UUID id);

	/** A read-write session with the remediation credentials (falling back to the inspection ones). */
	TargetSession openRemediationSession(UUID id);
}
