package dev.tidemark.checks.internal;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.tidemark.checks.Finding;
import dev.tidemark.checks.Findings;
import dev.tidemark.checks.GateResult;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.TargetFindingSummary;
import dev.tidemark.common.InvalidRequestException;
import dev.tidemark.common.PageOf;
import dev.tidemark.common.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Findings", description = "Findings, suppressions, the rule catalog and the release gate")
class FindingsController {

	private final Findings findings;

	FindingsController(Findings findings) {
		this.findings = findings;
	}

	record SuppressionRequest(@NotBlank @Size(max = 1000) String reason, @NotNull Instant until) {
	}

	@GetMapping("/findings")
	@Operation(summary = "List findings",
			description = "Filters combine with AND; severity, status and ruleId are repeatable. sort: severity "
					+ "(default; most severe first), lastSeenAt, firstSeenAt, ruleId, object.")
	PageOf<Finding> listFindings(@RequestParam(required = false) @Nullable UUID targetId,
			@RequestParam(required = false) @Nullable List<Severity> severity,
			@RequestParam(required = false) @Nullable List<Finding.Status> status,
			@RequestParam(required = false) @Nullable List<String> ruleId,
			@Parameter(description = "Case-insensitive text within the object, e.g. post_reactions")
			@RequestParam(required = false) @Nullable String object,
			@Parameter(description = "Order of the findings", schema = @Schema(allowableValues = { "severity",
					"lastSeenAt", "firstSeenAt", "ruleId", "object" }, defaultValue = "severity"))
			@RequestParam(defaultValue = "severity") String sort,
			@Parameter(description = "asc or desc; default asc for severity and names, desc for times",
					schema = @Schema(allowableValues = { "asc", "desc" }))
			@RequestParam(required = false) @Nullable String direction,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
		Findings.SortField field = switch (sort) {
			case "severity" -> Findings.SortField.SEVERITY;
			case "lastSeenAt" -> Findings.SortField.LAST_SEEN_AT;
			case "firstSeenAt" -> Findings.SortField.FIRST_SEEN_AT;
			case "ruleId" -> Findings.SortField.RULE_ID;
			case "object" -> Findings.SortField.OBJECT;
			default -> throw new InvalidRequestException("sort",
					"must be one of severity, lastSeenAt, firstSeenAt, ruleId, object");
		};
		boolean timeField = field == Findings.SortField.LAST_SEEN_AT || field == Findings.SortField.FIRST_SEEN_AT;
		boolean descending = direction == null ? timeField : switch (direction.toLowerCase(Locale.ROOT)) {
			case "asc" -> false;
			case "desc" -> true;
			default -> throw new InvalidRequestException("direction", "must be asc or desc");
		};
		return findings.list(new Findings.Query(targetId, severity, status, ruleId, object, field, descending),
				new PageRequest(page, size));
	}

	@GetMapping("/findings/{findingId}")
	@Operation(summary = "Get a finding with its evidence and repair")
	Finding getFinding(@PathVariable UUID findingId) {
		return findings.get(findingId);
	}

	@PostMapping("/findings/{findingId}/suppression")
	@Operation(summary = "Suppress a finding until a time, with a reason",
			description = "Suppressed findings do not block the gate; at expiry they reopen if still present.")
	Finding suppressFinding(@PathVariable UUID findingId, @Valid @RequestBody SuppressionRequest request,
			Principal principal) {
		return findings.suppress(findingId, request.reason(), request.until(), principal.getName());
	}

	@DeleteMapping("/findings/{findingId}/suppression")
	@Operation(summary = "Lift a finding's suppression")
	Finding unsuppressFinding(@PathVariable UUID findingId, Principal principal) {
		return findings.unsuppress(findingId, principal.getName());
	}

	@GetMapping("/findings/summary")
	@Operation(summary = "Open findings by target and severity")
	List<TargetFindingSummary> findingSummary() {
		return findings.summary();
	}

	@GetMapping("/targets/{targetId}/gate")
	@Operation(summary = "Release gate: is this target clean enough to release?",
			description = "200 either way: passed is false when an open finding is at or above maxSeverity, or when "
					+ "the target has no successful scan.")
	GateResult gate(@PathVariable UUID targetId, @RequestParam(defaultValue = "HIGH") Severity maxSeverity) {
		return findings.gate(targetId, maxSeverity);
	}

	@GetMapping("/rules")
	@Operation(summary = "The rule catalog")
	List<RuleDescription> listRules() {
		return findings.rules();
	}
}
