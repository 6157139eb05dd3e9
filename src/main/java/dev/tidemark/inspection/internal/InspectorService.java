package dev.tidemark.inspection.internal;

import java.util.UUID;

import dev.tidemark.inspection.CatalogReading;
import dev.tidemark.inspection.Inspector;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.targets.Target;
import dev.tidemark.targets.TargetSession;
import dev.tidemark.targets.Targets;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

@Service
class InspectorService implements Inspector {

	private final Targets targets;

	private final CatalogReader reader;

	InspectorService(Targets targets, CatalogReader reader) {
		this.targets = targets;
		this.reader = reader;
	}

	@Override
	public CatalogSnapshot inspect(UUID targetId) {
		try (TargetSession session = targets.openInspectionSession(targetId)) {
			return CatalogFilter.apply(reader.read(session.connection()), session.target().options());
		}
	}

	@Override
	public String fingerprint(UUID targetId) {
		try (TargetSession session = targets.openInspectionSession(targetId)) {
			return optionsPrefix(session.target()) + reader.fingerprint(session.connection());
		}
	}

	@Override
	public CatalogReading readUnlessUnchanged(UUID targetId, @Nullable String knownFingerprint) {
		try (TargetSession session = targets.openInspectionSession(targetId)) {
			String prefix = optionsPrefix(session.target());
			CatalogReading reading = reader.readUnlessUnchanged(session.connection(),
					fingerprint -> (prefix + fingerprint).equals(knownFingerprint));
			CatalogSnapshot catalog = reading.catalog() == null ? null
					: CatalogFilter.apply(reading.catalog(), session.target().options());
			return new CatalogReading(prefix + reading.fingerprint(), catalog, reading.fingerprintTime(),
					reading.catalogTime());
		}
	}

	/** The snapshot is filtered by the options: another filter is another snapshot, so another fingerprint. */
	private static String optionsPrefix(Target target) {
		return CatalogSnapshot.FORMAT_VERSION + ":" + target.options().includeSchemas() + ":"
				+ target.options().excludeSchemas() + ":";
	}
}
