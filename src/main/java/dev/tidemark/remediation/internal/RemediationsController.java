package dev.tidemark.remediation.internal;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.UUID;

import dev.tidemark.common.Caller;
import dev.tidemark.common.PageOf;
import dev.tidemark.common.PageRequest;
import dev.tidemark.remediation.Execution;
import dev.tidemark.remediation.Remediation;
import dev.tidemark.remediation.RemediationExecutions;
import dev.tidemark.remediation.Remediations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/remediations")
@Tag(name = "Remediations", description = "Approval-gated repairs, each a Liquibase changelog applied to the target")
class RemediationsController {

	private final Remediations remediations;

	private final IdempotencyKeys idempotency;

	private final RemediationExecutions executions;

	RemediationsController(Remediations remediations, RemediationExecutions executions, IdempotencyKeys idempotency) {
		this.remediations = remediations;
		this.executions = executions;
		this.idempotency = idempotency;
	}

	record ProposeRequest(@NotEmpty @Size(max = 500) List<UUID> findingIds,
			@Schema(description = "Plan destructive changes (drops, revokes) for differences that need them; "
					+ "without it such findings are refused. Destructive plans are HIGH risk.") @Nullable Boolean allowDestructive) {
	}

	record DecisionRequest(@NotBlank @Size(max = 2000) String comment, @Nullable @Size(max = 500) String externalRef) {
	}

	@PostMapping
	@Operation(summary = "Plan a repair of open findings of one target",
			description = "Returns it PROPOSED with its risk, required approvals, touched objects and steps. Refused "
					+ "(422) as a whole, with each finding's reason and what to do instead, when a finding has no safe "
					+ "automatic repair.")
	@ApiResponse(responseCode = "201", description = "The proposed remediation; Location is its URI", useReturnTypeSchema = true,
			headers = @Header(name = "Location", description = "URI of the created resource",
					schema = @Schema(type = "string", format = "uri-reference")))
	ResponseEntity<Remediation> proposeRemediation(@Valid @RequestBody ProposeRequest request, Principal principal,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key) {
		Remediation r = idempotency.run(key, principal.getName(), request, Remediation.class,
				() -> remediations.propose(request.findingIds(), Boolean.TRUE.equals(request.allowDestructive()),
						Caller.of(principal)));
		return ResponseEntity.created(URI.create("/api/v1/remediations/" + r.id())).body(r);
	}

	@GetMapping
	@Operation(summary = "List remediations, newest first")
	PageOf<Remediation> listRemediations(@RequestParam(required = false) @Nullable UUID targetId,
			@RequestParam(required = false) Remediation.@Nullable Status status,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
		return remediations.list(targetId, status, new PageRequest(page, size));
	}

	@GetMapping("/{remediationId}")
	@Operation(summary = "Get a remediation")
	Remediation getRemediation(@PathVariable UUID remediationId) {
		return remediations.get(remediationId);
	}

	@GetMapping(path = "/{remediationId}/changelog", produces = MediaType.TEXT_PLAIN_VALUE)
	@Operation(summary = "The Liquibase formatted-SQL changelog, ready to commit into the application's migrations")
	String getChangelog(@PathVariable UUID remediationId) {
		return remediations.changelog(remediationId);
	}

	@GetMapping(path = "/{remediationId}/preview", produces = MediaType.TEXT_PLAIN_VALUE)
	@Operation(summary = "The SQL that would run, in order")
	String getPreview(@PathVariable UUID remediationId) {
		return remediations.preview(remediationId);
	}

	@PostMapping("/{remediationId}/approvals")
	@Operation(summary = "Approve (APPROVER; never the proposer; one per person; approvals expire)",
			description = "With Idempotency-Key a retried call returns the first result.")
	Remediation approveRemediation(@PathVariable UUID remediationId, @Valid @RequestBody DecisionRequest request,
			Principal principal,
			@Parameter(description = "Makes a retried POST return the first result")
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key) {
		return idempotency.run(key, principal.getName(), request, Remediation.class,
				() -> remediations.approve(remediationId, Caller.of(principal), request.comment(), request.externalRef()));
	}

	@PostMapping("/{remediationId}/rejections")
	@Operation(summary = "Reject (APPROVER; a rejection vetoes)")
	Remediation rejectRemediation(@PathVariable UUID remediationId, @Valid @RequestBody DecisionRequest request,
			Principal principal, @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key) {
		return idempotency.run(key, principal.getName(), request, Remediation.class,
				() -> remediations.reject(remediationId, Caller.of(principal), request.comment(), request.externalRef()));
	}

	@PostMapping("/{remediationId}/executions")
	@Operation(summary = "Execute an APPROVED remediation (or retry a FAILED one)",
			description = "One execution at a time per target: concurrent calls get 409. The plan is re-checked "
					+ "against the live catalog first (STALE if the touched objects changed). Afterwards a scan "
					+ "verifies: VERIFIED when its findings are gone, else APPLIED with the remaining ones.")
	@ApiResponse(responseCode = "201", description = "The execution, finished; Location is the remediation's executions", useReturnTypeSchema = true,
			headers = @Header(name = "Location", description = "URI of the created resource",
					schema = @Schema(type = "string", format = "uri-reference")))
	ResponseEntity<Execution> executeRemediation(@PathVariable UUID remediationId, Principal principal) {
		Execution execution = executions.execute(remediationId, principal.getName());
		return ResponseEntity.created(URI.create("/api/v1/remediations/" + remediationId + "/executions"))
			.body(execution);
	}

	@PostMapping("/{remediationId}/rollback-approvals")
	@Operation(summary = "Approve rolling back an APPLIED, VERIFIED or FAILED remediation (APPROVER; one per person; "
			+ "they expire)",
			description = "A rollback drops what the remediation created, with whatever it holds by now, so it needs "
					+ "as many of these as the remediation needed approvals, from people other than the one who runs "
					+ "it. With Idempotency-Key a retried call returns the first result.")
	Remediation approveRollback(@PathVariable UUID remediationId, @Valid @RequestBody DecisionRequest request,
			Principal principal,
			@Parameter(description = "Makes a retried POST return the first result")
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key) {
		return idempotency.run(key, principal.getName(), request, Remediation.class, () -> remediations
			.approveRollback(remediationId, Caller.of(principal), request.comment(), request.externalRef()));
	}

	@PostMapping("/{remediationId}/rollback")
	@Operation(summary = "Run the rollbacks that exist, newest changeset first",
			description = "Needs valid rollback approvals (POST …/rollback-approvals), as many as the remediation "
					+ "needed approvals, from people other than the caller (403 otherwise); refused (409) when the "
					+ "target's connection or labels changed since the proposal. Stops at a changeset without an "
					+ "automatic rollback (or one that was only marked ran) and says so; a scan follows, so the "
					+ "findings the rollback brings back are open again.")
	ResponseEntity<Execution> rollbackRemediation(@PathVariable UUID remediationId, Principal principal) {
		return ResponseEntity.ok(executions.rollback(remediationId, Caller.of(principal)));
	}

	@GetMapping("/{remediationId}/executions")
	@Operation(summary = "A remediation's executions with per-changeset results")
	List<Execution> listExecutions(@PathVariable UUID remediationId) {
		return executions.executions(remediationId);
	}
}
