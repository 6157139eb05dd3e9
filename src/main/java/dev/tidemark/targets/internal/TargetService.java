package dev.tidemark.targets.internal;

import dev.tidemark.common.SecretCipher;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import dev.tidemark.common.Jsonb;
import dev.tidemark.common.PageOf;
import dev.tidemark.common.PageRequest;
import dev.tidemark.common.Precondition;
import dev.tidemark.common.PreconditionFailedException;
import dev.tidemark.targets.ApprovalLabels;
import dev.tidemark.targets.ConnectionTestResult;
import dev.tidemark.targets.JdbcDatabases;
import dev.tidemark.targets.Target;
import dev.tidemark.targets.TargetChangeNotAllowedException;
import dev.tidemark.targets.TargetChanged;
import dev.tidemark.targets.TargetConnectionException;
import dev.tidemark.targets.TargetDefinition;
import dev.tidemark.targets.TargetNameTakenException;
import dev.tidemark.targets.TargetNotFoundException;
import dev.tidemark.targets.TargetOptions;
import dev.tidemark.targets.TargetRegistered;
import dev.tidemark.targets.TargetRemovalGuard;
import dev.tidemark.targets.TargetRemoved;
import dev.tidemark.targets.TargetSession;
import dev.tidemark.targets.Targets;
import dev.tidemark.targets.internal.TargetConnector.Credentials;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class TargetService implements Targets {

	private final TargetRepository repository;

	private final SecretCipher cipher;

	private final TargetConnector connector;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final JsonMapper json;

	TargetService(TargetRepository repository, SecretCipher cipher, TargetConnector connector,
			ApplicationEventPublisher events, Clock clock, JsonMapper json, List<ApprovalLabels> approvalLabels,
			List<TargetRemovalGuard> removalGuards) {
		this.approvalLabels = approvalLabels;
		this.removalGuards = removalGuards;
		this.repository = repository;
		this.json = json;
		this.cipher = cipher;
		this.connector = connector;
		this.events = events;
		this.clock = clock;
	}

	/** Whoever decides the approvals labels require (remediation); none in a slice without it. */
	private final List<ApprovalLabels> approvalLabels;

	/** Work that must not be deleted with the target while it runs (an executing remediation). */
	private final List<TargetRemovalGuard> removalGuards;

	/**
	 * Refuses, for anyone but an ADMIN, a label change that lowers the approvals the target's remediations need.
	 * Checked against the row the versioned save depends on, so a concurrent raise cannot slip under it. A call
	 * with no signed-in caller is Tidemark's own (the demo targets at start-up) and is not checked.
	 */
	private void checkApprovalsNotLowered(Map<String, String> from, Map<String, String> to, String refusal) {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		if (caller == null || caller.getAuthorities().stream().anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()))) {
			return;
		}
		approvalLabels.stream().map(a -> a.lowered(from, to)).flatMap(Optional::stream).findFirst()
			.ifPresent(lowered -> {
				throw new TargetChangeNotAllowedException(refusal.formatted(lowered));
			});
	}

	@Override
	@Transactional(readOnly = true)
	public PageOf<Target> list(PageRequest page, @Nullable Map<String, String> labels) {
		Jsonb selector = TargetRow.labelsJson(json, labels == null ? Map.of() : labels);
		return PageOf.of(repository.findLabelled(selector, page.size(), page.offset()).stream().map(this::target).toList(),
				page, repository.countLabelled(selector));
	}

	@Override
	@Transactional(readOnly = true)
	public List<Target> all() {
		return repository.findAllByOrderByName().stream().map(this::target).toList();
	}

	@Override
	@Transactional(readOnly = true)
	public Target get(UUID id) {
		return target(row(id));
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<Target> findByName(String name) {
		return repository.findByName(name).map(this::target);
	}

	@Override
	@Transactional
	public Target register(TargetDefinition definition, String actor, boolean verifyConnection) {
		JdbcUrlPolicy.check(definition.jdbcUrl());
		TargetOptions options = definition.options() == null ? TargetOptions.defaults() : definition.options();
		if (verifyConnection) {
			verify(definition.jdbcUrl(), new Credentials(definition.username(), blankToNull(definition.password())),
					options);
		}
		Instant now = now();
		TargetRow row = new TargetRow(UUID.randomUUID(), definition.name(), definition.jdbcUrl(),
				definition.username(), encrypt(definition.password(), null), blankToNull(definition.remediationUsername()),
				encrypt(definition.remediationPassword(), null), TargetRow.labelsJson(json, labels(definition)),
				TargetRow.optionsJson(json, options), now, now, null);
		TargetRow saved;
		try {
			saved = repository.save(row);
		}
		catch (DuplicateKeyException e) {
			throw new TargetNameTakenException(definition.name());
		}
		events.publishEvent(new TargetRegistered(saved.id(), saved.name(), actor));
		return target(saved);
	}

	@Override
	@Transactional
	public Target replace(UUID id, TargetDefinition definition, String actor, boolean verifyConnection,
			Precondition precondition) {
		TargetRow current = rowFor(id, precondition);
		precondition.checkWrite("target " + id, Targets.eTag(target(current)));
		checkApprovalsNotLowered(current.labels(json), labels(definition), "These labels lower the approvals this "
				+ "target's remediations need (%s); only an ADMIN may do that");
		if (!JdbcDatabases.identity(current.jdbcUrl()).equals(JdbcDatabases.identity(definition.jdbcUrl()))) {
			// its labels leave the database it named: as if removed from there (another target naming that
			// database with weaker labels would otherwise decide its approvals)
			checkApprovalsNotLowered(current.labels(json), Map.of(), "This target's labels raise the approvals "
					+ "its database's remediations need (%s without them); pointing it at another database takes an "
					+ "ADMIN");
		}
		JdbcUrlPolicy.check(definition.jdbcUrl());
		TargetOptions options = definition.options() == null ? current.options(json) : definition.options();
		String passwordSecret = encrypt(definition.password(), current.passwordSecret());
		if (verifyConnection) {
			verify(definition.jdbcUrl(),
					new Credentials(definition.username(), passwordSecret == null ? null : cipher.decrypt(passwordSecret)),
					options);
		}
		TargetRow updated = new TargetRow(id, definition.name(), definition.jdbcUrl(), definition.username(),
				passwordSecret, blankToNull(definition.remediationUsername()),
				encrypt(definition.remediationPassword(), current.remediationPasswordSecret()),
				TargetRow.labelsJson(json, labels(definition)), TargetRow.optionsJson(json, options),
				current.createdAt(), now(), current.version());
		TargetRow saved;
		try {
			// @Version: the update is conditional on the version checked above; of two writers, one wins
			saved = repository.save(updated);
		}
		catch (OptimisticLockingFailureException e) {
			throw changedMeanwhile(id, precondition);
		}
		catch (DuplicateKeyException e) {
			throw new TargetNameTakenException(definition.name());
		}
		boolean credentialsChanged = definition.password() != null || definition.remediationPassword() != null;
		Map<String, TargetChanged.Change> changes = new LinkedHashMap<>();
		changed(changes, "name", current.name(), saved.name());
		changed(changes, "jdbcUrl", current.jdbcUrl(), saved.jdbcUrl());
		changed(changes, "username", current.username(), saved.username());
		changed(changes, "remediationUsername", current.remediationUsername(), saved.remediationUsername());
		changed(changes, "labels", current.labels(json), saved.labels(json));
		events.publishEvent(new TargetChanged(id, saved.name(), actor, credentialsChanged, changes));
		return target(saved);
	}

	private static void changed(Map<String, TargetChanged.Change> changes, String field, @Nullable Object from,
			@Nullable Object to) {
		if (!Objects.equals(from, to)) {
			changes.put(field, new TargetChanged.Change(from == null ? "" : from, to == null ? "" : to));
		}
	}

	@Override
	@Transactional
	public void remove(UUID id, String actor, Precondition precondition) {
		TargetRow current = rowFor(id, precondition);
		precondition.checkWrite("target " + id, Targets.eTag(target(current)));
		checkApprovalsNotLowered(current.labels(json), Map.of(), "This target's labels raise the approvals its "
				+ "remediations need (%s without them); removing it (to register it again) takes an ADMIN");
		removalGuards.forEach(guard -> guard.checkRemovable(id));
		try {
			repository.delete(current);
		}
		catch (OptimisticLockingFailureException e) {
			throw changedMeanwhile(id, precondition);
		}
		events.publishEvent(new TargetRemoved(id, current.name(), actor));
	}

	@Override
	public ConnectionTestResult testConnection(UUID id) {
		long started = System.nanoTime();
		try (TargetSession session = openInspectionSession(id)) {
			return probe(session.connection(), started);
		}
		catch (SQLException e) {
			throw TargetConnector.classify(e);
		}
	}

	@Override
	public TargetSession openInspectionSession(UUID id) {
		TargetRow row = row(id);
		return connector.open(target(row), new Credentials(row.username(), decrypt(row.passwordSecret())), true);
	}

	@Override
	public Optional<TargetSession> tryOpenInspectionSession(UUID id) {
		TargetRow row = row(id);
		return connector.tryOpen(target(row), new Credentials(row.username(), decrypt(row.passwordSecret())), true);
	}

	@Override
	public TargetSession openRemediationSession(UUID id) {
		TargetRow row = row(id);
		Credentials credentials = row.remediationUsername() == null
				? new Credentials(row.username(), decrypt(row.passwordSecret()))
				: new Credentials(row.remediationUsername(), decrypt(row.remediationPasswordSecret()));
		return connector.open(target(row), credentials, false);
	}

	private void verify(String jdbcUrl, Credentials credentials, TargetOptions options) {
		long started = System.nanoTime();
		try (Connection connection = connector.connect(jdbcUrl, credentials, options, true)) {
			probe(connection, started);
		}
		catch (SQLException e) {
			throw TargetConnector.classify(e);
		}
	}

	private static ConnectionTestResult probe(Connection connection, long startedNanos) throws SQLException {
		try (Statement st = connection.createStatement();
				ResultSet rs = st.executeQuery("SELECT current_setting('server_version'), "
						+ "current_setting('server_version_num')::int, current_database(), current_user, "
						+ "current_setting('default_transaction_read_only') = 'on'")) {
			rs.next();
			return new ConnectionTestResult(true, rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
					rs.getBoolean(5), (System.nanoTime() - startedNanos) / 1_000_000);
		}
	}

	/** The row changed or went away between reading and writing it. */
	private RuntimeException changedMeanwhile(UUID id, Precondition precondition) {
		if (!repository.existsById(id)) {
			return new TargetNotFoundException(id);
		}
		if (precondition.ifMatch() != null) {
			return new PreconditionFailedException(
					"If-Match: target " + id + " has changed since that ETag; read it again, then retry");
		}
		return new OptimisticLockingFailureException("Target " + id + " was changed by another request meanwhile; retry");
	}

	/** The row to write; absent, it is a 412 under If-Match (RFC 9110: it matches no ETag), else a 404. */
	private TargetRow rowFor(UUID id, Precondition precondition) {
		Optional<TargetRow> row = repository.findById(id);
		if (row.isEmpty()) {
			precondition.checkWrite("target " + id);
			throw new TargetNotFoundException(id);
		}
		return row.get();
	}

	private TargetRow row(UUID id) {
		return repository.findById(id).orElseThrow(() -> new TargetNotFoundException(id));
	}

	private Target target(TargetRow row) {
		return row.toTarget(json);
	}

	/** null keeps the current secret, empty clears it, anything else is encrypted anew. */
	private @Nullable String encrypt(@Nullable String plain, @Nullable String current) {
		if (plain == null) {
			return current;
		}
		return plain.isEmpty() ? null : cipher.encrypt(plain);
	}

	private @Nullable String decrypt(@Nullable String secret) {
		return secret == null ? null : cipher.decrypt(secret);
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return value == null || value.isBlank() ? null : value;
	}

	private static TreeMap<String, String> labels(TargetDefinition definition) {
		return definition.labels() == null ? new TreeMap<>() : new TreeMap<>(definition.labels());
	}

	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

}
