package dev.tidemark.inspection.internal;

import java.util.UUID;

import dev.tidemark.inspection.Inspector;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.targets.TargetSession;
import dev.tidemark.targets.Targets;

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
			// the snapshot is filtered by the options: another filter is another snapshot
			return CatalogSnapshot.FORMAT_VERSION + ":" + session.target().options().includeSchemas() + ":"
					+ session.target().options().excludeSchemas() + ":" + reader.fingerprint(session.connection());
		}
	}
}
