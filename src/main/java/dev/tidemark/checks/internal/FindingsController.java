package dev.tidemark.checks.internal;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
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
import dev.tidemark.common.StorableInstant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
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

	record SuppressionRequest(@NotBlank @Size(max = 1000) String reason, @NotNull @StorableInstant Instant until) {
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

	static final String SARIF = "application/sarif+json";

	private static final MediaType SARIF_TYPE = MediaType.parseMediaType(SARIF);

	@GetMapping(path = "/targets/{targetId}/gate",
			produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_XML_VALUE, SARIF })
	@Operation(summary = "Release gate: is this target clean enough to release?",
			description = "200 either way: passed is false when an open finding is at or above maxSeverity, or when "
					+ "the target has no successful scan. By Accept: JSON (GateResult, the default); "
					+ "application/xml, a JUnit XML testsuite with one failing testcase per blocking finding "
					+ "(failure names rule, object and message) or one passing testcase when the gate passes; "
					+ "application/sarif+json, a SARIF 2.1.0 log with one run (tool.driver Tidemark and the rules "
					+ "used) and one result per blocking finding (ruleId, level from severity, message, the object as "
					+ "a logical location).")
	@ApiResponse(responseCode = "200", description = "The gate's answer in the format asked for", content = {
			@Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = GateResult.class)),
			@Content(mediaType = MediaType.APPLICATION_XML_VALUE, schema = @Schema(type = "string",
					description = "JUnit XML: <testsuite> with a <testcase> per blocking finding")),
			@Content(mediaType = SARIF, schema = @Schema(type = "object",
					description = "SARIF 2.1.0 log (https://json.schemastore.org/sarif-2.1.0.json)")) })
	ResponseEntity<?> gate(@PathVariable UUID targetId, @RequestParam(defaultValue = "HIGH") Severity maxSeverity,
			@RequestHeader(value = HttpHeaders.ACCEPT, required = false) @Nullable String accept) {
		GateResult gate = findings.gate(targetId, maxSeverity);
		ResponseEntity.BodyBuilder ok = ResponseEntity.ok().varyBy(HttpHeaders.ACCEPT);
		MediaType wanted = gateFormat(accept);
		if (wanted.equals(MediaType.APPLICATION_XML)) {
			return ok.contentType(new MediaType(MediaType.APPLICATION_XML, StandardCharsets.UTF_8))
				.body(GateReports.junitXml(gate));
		}
		if (wanted.equals(SARIF_TYPE)) {
			return ok.contentType(SARIF_TYPE).body(GateReports.sarif(gate, findings.rules()));
		}
		return ok.contentType(MediaType.APPLICATION_JSON).body(gate);
	}

	/** The most preferred of JSON, XML and SARIF that Accept allows; JSON for none or a wildcard. */
	static MediaType gateFormat(@Nullable String accept) {
		if (accept == null || accept.isBlank()) {
			return MediaType.APPLICATION_JSON;
		}
		List<MediaType> accepted = new ArrayList<>(MediaType.parseMediaTypes(accept));
		MimeTypeUtils.sortBySpecificity(accepted);
		for (MediaType type : accepted) {
			if (type.getQualityValue() == 0) {
				continue;
			}
			for (MediaType offered : List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML, SARIF_TYPE)) {
				if (type.includes(offered)) {
					return offered;
				}
			}
		}
		return MediaType.APPLICATION_JSON;
	}

	@GetMapping("/rules")
	@Operation(summary = "The rule catalog")
	List<RuleDescription> listRules() {
		return findings.rules();
	}
}
