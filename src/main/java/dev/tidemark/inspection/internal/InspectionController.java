package dev.tidemark.inspection.internal;

import java.util.UUID;

import dev.tidemark.common.PageOf;
import dev.tidemark.common.PageRequest;
import dev.tidemark.inspection.Snapshot;
import dev.tidemark.inspection.SnapshotDiff;
import dev.tidemark.inspection.SnapshotSummary;
import dev.tidemark.inspection.Snapshots;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Snapshots", description = "Catalog snapshots of targets and their differences")
class InspectionController {

	private final Snapshots snapshots;

	InspectionController(Snapshots snapshots) {
		this.snapshots = snapshots;
	}

	@GetMapping("/targets/{targetId}/schema")
	@Operation(summary = "The target's latest snapshot")
	Snapshot getLatestSnapshot(@PathVariable UUID targetId) {
		return snapshots.latest(targetId);
	}

	@GetMapping("/targets/{targetId}/snapshots")
	@Operation(summary = "List a target's snapshots (without content), newest first")
	PageOf<SnapshotSummary> listSnapshots(@PathVariable UUID targetId, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		return snapshots.list(targetId, new PageRequest(page, size));
	}

	@GetMapping("/snapshots/{snapshotId}")
	@Operation(summary = "Get a snapshot")
	Snapshot getSnapshot(@PathVariable UUID snapshotId) {
		return snapshots.get(snapshotId);
	}

	@GetMapping("/targets/{targetId}/drift")
	@Operation(summary = "Structured difference between two snapshots of a target",
			description = "Per object kind: added, removed and changed objects, changed ones with before, after and "
					+ "the fields that differ. 'to' defaults to the latest snapshot, 'from' to the one before 'to'.")
	SnapshotDiff getDrift(@PathVariable UUID targetId, @RequestParam(required = false) @Nullable UUID from,
			@RequestParam(required = false) @Nullable UUID to) {
		return snapshots.drift(targetId, from, to);
	}
}
