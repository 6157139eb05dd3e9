package dev.tidemark.inspection.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.tidemark.inspection.CatalogReading;
import dev.tidemark.inspection.Inspector;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.targets.Target;
import dev.tidemark.targets.TargetSession;
import dev.tidemark.targets.Targets;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

@Service
class InspectorService implements Inspector {

	private final Targets targets;

	private final CatalogReader reader;

	/** Whether a scan may read half of a changed catalog on a second connection (two server cores, one snapshot). */
	private final boolean parallelRead;

	/**
	 * Each target's last fingerprint mark, by the database and role it was read as (a target re-pointed at another
	 * database of the same cluster would otherwise see an equal snapshot). In memory: after a restart, or on another
	 * replica, the first fingerprint reads everything.
	 */
	private final Cache<String, CatalogReader.QuietMark> marks = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterAccess(Duration.ofDays(1))
		.build();

	InspectorService(Targets targets, CatalogReader reader,
			@Value("${tidemark.inspection.second-connection:true}") boolean parallelRead) {
		this.targets = targets;
		this.reader = reader;
		this.parallelRead = parallelRead;
	}

	@Override
	public CatalogSnapshot inspect(UUID targetId) {
		try (TargetSession session = targets.openInspectionSession(targetId)) {
			return CatalogFilter.apply(reader.read(session.connection()), session.target().options());
		}
	}

	@Override
	public CatalogReading readUnlessUnchanged(UUID targetId, @Nullable String knownFingerprint) {
		List<TargetSession> seconds = new ArrayList<>(1);
		long opening = System.nanoTime();
		try (TargetSession session = targets.openInspectionSession(targetId)) {
			Duration connectTime = Duration.ofNanos(System.nanoTime() - opening);
			// another database behind the same URL (a name now resolving elsewhere) is another catalog
			String prefix = optionsPrefix(session.target()) + session.databaseIdentity() + ":";
			Target target = session.target();
			String markKey = targetId + " " + target.username() + " " + target.jdbcUrl() + " "
					+ session.databaseIdentity();
			CatalogReading reading = reader.readUnlessUnchanged(session.connection(),
					fingerprint -> (prefix + fingerprint).equals(knownFingerprint), () -> {
						if (!parallelRead) {
							return null;
						}
						// never waits for the target's pool: without a free connection, one reads everything
						return targets.tryOpenInspectionSession(targetId).map(second -> {
							seconds.add(second);
							return second.connection();
						}).orElse(null);
					}, marks.getIfPresent(markKey), mark -> marks.put(markKey, mark),
					new CatalogReader.VolatileScope(target.options().includeSchemas(),
							target.options().excludeSchemas()));
			CatalogSnapshot catalog = reading.catalog() == null ? null
					: CatalogFilter.apply(reading.catalog(), session.target().options());
			return new CatalogReading(prefix + reading.fingerprint(), catalog, reading.fingerprintTime(),
					reading.catalogTime(), connectTime, session.databaseIdentity());
		}
		finally {
			seconds.forEach(TargetSession::close);
		}
	}

	/** The snapshot is filtered by the options: another filter is another snapshot, so another fingerprint. */
	private static String optionsPrefix(Target target) {
		return CatalogSnapshot.FORMAT_VERSION + ":" + target.options().includeSchemas() + ":"
				+ target.options().excludeSchemas() + ":";
	}
}
