package dev.tidemark.audit.internal;

import java.time.Instant;
import java.util.UUID;

import dev.tidemark.audit.AuditEvent;
import dev.tidemark.common.InvalidRequestException;
import dev.tidemark.common.PageOf;
import dev.tidemark.common.PageRequest;
import dev.tidemark.common.StorableInstant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/audit-events")
@Tag(name = "Audit", description = "The append-only trail of who did what")
class AuditController {

	private final AuditStore store;

	AuditController(AuditStore store) {
		this.store = store;
	}

	@GetMapping
	@Operation(summary = "List audit events, newest first",
			description = "Filters combine with AND and match exactly; from is inclusive, to exclusive.")
	PageOf<AuditEvent> listAuditEvents(
			@Parameter(description = "Principal name, e.g. alice or token:release-pipeline")
			@RequestParam(required = false) @Nullable String actor,
			@Parameter(description = "The human behind the credential: a user, or the owner of the API token that acted")
			@RequestParam(required = false) @Nullable String onBehalfOf,
			@Parameter(description = "e.g. login.failed, target.register, scan.run, contract.change, remediation.approve")
			@RequestParam(required = false) @Nullable String action,
			@RequestParam(required = false) @Nullable UUID targetId,
			@Parameter(description = "e.g. SUCCEEDED, FAILED, PROPOSED, APPROVED")
			@RequestParam(required = false) @Nullable String outcome,
			@RequestParam(required = false) @StorableInstant @Nullable Instant from,
			@RequestParam(required = false) @StorableInstant @Nullable Instant to,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
		if (from != null && to != null && !from.isBefore(to)) {
			throw new InvalidRequestException("to", "must be after from");
		}
		PageRequest request = new PageRequest(page, size);
		AuditStore.Filter filter = new AuditStore.Filter(blankToNull(actor), blankToNull(onBehalfOf),
				blankToNull(action), targetId, blankToNull(outcome), from, to);
		return PageOf.of(store.page(filter, request), request, store.count(filter));
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return value == null || value.isBlank() ? null : value;
	}
}
