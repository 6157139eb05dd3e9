package dev.tidemark.checks.internal;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.tidemark.checks.IgnoreRule;
import dev.tidemark.common.Precondition;
import dev.tidemark.common.StorableInstant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Ignore rules", description = "Differences not opened as findings, for one target or every target")
class IgnoreRulesController {

	private static final String MATCHING = " A difference is ignored when it matches every selector given: ruleId "
			+ "exactly, objectKind (the finding's object.kind) exactly, objectPattern as a glob on the finding's "
			+ "objectText (* within one dot-separated name part, ** across parts, ? one character). Each scan "
			+ "reports what it ignored per rule in its ignored list; an open finding that a new rule matches is "
			+ "resolved by the next scan.";

	private final IgnoreRuleService ignoreRules;

	IgnoreRulesController(IgnoreRuleService ignoreRules) {
		this.ignoreRules = ignoreRules;
	}

	/** A rule id or an object pattern is required; {@code expiresAt} absent means the rule never expires. */
	record IgnoreRuleRequest(@Nullable String ruleId, @Nullable String objectKind, @Nullable String objectPattern,
			@Nullable String reason, @StorableInstant @Nullable Instant expiresAt) {

		IgnoreRuleService.NewIgnoreRule toNew() {
			return new IgnoreRuleService.NewIgnoreRule(ruleId, objectKind, objectPattern, reason, expiresAt);
		}
	}

	@GetMapping("/ignore-rules")
	@Operation(summary = "List the global ignore rules", description = "Rules that apply to every target, oldest "
			+ "first; expired ones are listed with expired true and no longer apply.")
	List<IgnoreRule> listGlobalIgnoreRules() {
		return ignoreRules.list(null);
	}

	@PostMapping("/ignore-rules")
	@Operation(summary = "Create a global ignore rule", description = "Applies to every target from its next scan."
			+ MATCHING)
	@ApiResponse(responseCode = "201", description = "The rule with its ETag; Location is its URI",
			useReturnTypeSchema = true,
			headers = @Header(name = "Location", description = "URI of the created resource",
					schema = @Schema(type = "string", format = "uri-reference")))
	ResponseEntity<IgnoreRule> createGlobalIgnoreRule(@Valid @RequestBody IgnoreRuleRequest request, Principal principal) {
		return created(ignoreRules.create(null, request.toNew(), principal.getName()));
	}

	@GetMapping("/targets/{targetId}/ignore-rules")
	@Operation(summary = "List a target's own ignore rules",
			description = "The global rules (GET /api/v1/ignore-rules) apply too; expired rules are listed with "
					+ "expired true. The contract's ignore section is part of the contract.")
	List<IgnoreRule> listTargetIgnoreRules(@PathVariable UUID targetId) {
		return ignoreRules.list(targetId);
	}

	@PostMapping("/targets/{targetId}/ignore-rules")
	@Operation(summary = "Create an ignore rule for one target", description = "Applies from the target's next scan."
			+ MATCHING)
	@ApiResponse(responseCode = "201", description = "The rule with its ETag; Location is its URI",
			useReturnTypeSchema = true,
			headers = @Header(name = "Location", description = "URI of the created resource",
					schema = @Schema(type = "string", format = "uri-reference")))
	ResponseEntity<IgnoreRule> createTargetIgnoreRule(@PathVariable UUID targetId,
			@Valid @RequestBody IgnoreRuleRequest request, Principal principal) {
		return created(ignoreRules.create(targetId, request.toNew(), principal.getName()));
	}

	@GetMapping("/ignore-rules/{ignoreRuleId}")
	@Operation(summary = "Get an ignore rule, global or of a target",
			description = "With its ETag; If-None-Match with the current ETag answers 304 Not Modified.")
	ResponseEntity<IgnoreRule> getIgnoreRule(@PathVariable UUID ignoreRuleId,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) @Nullable String ifNoneMatch) {
		IgnoreRule rule = ignoreRules.get(ignoreRuleId);
		String eTag = IgnoreRuleService.eTag(rule);
		if (new Precondition(ifMatch, ifNoneMatch).notModified(IgnoreRuleService.what(ignoreRuleId), eTag)) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(eTag).build();
		}
		return ResponseEntity.ok().eTag(eTag).body(rule);
	}

	@PutMapping("/ignore-rules/{ignoreRuleId}")
	@Operation(summary = "Update an ignore rule, global or of a target",
			description = "Replaces ruleId, objectKind, objectPattern, reason and expiresAt, validated as on create; "
					+ "the id, the scope (its target, or global) and createdBy stay. Applies from the next scan: "
					+ "what it no longer matches comes back as findings. With If-Match, only if the rule still has that "
					+ "ETag (412 otherwise)." + MATCHING)
	ResponseEntity<IgnoreRule> updateIgnoreRule(@PathVariable UUID ignoreRuleId,
			@Valid @RequestBody IgnoreRuleRequest request, Principal principal,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		IgnoreRule rule = ignoreRules.update(ignoreRuleId, request.toNew(), principal.getName(),
				new Precondition(ifMatch, null));
		return ResponseEntity.ok().eTag(IgnoreRuleService.eTag(rule)).body(rule);
	}

	@DeleteMapping("/ignore-rules/{ignoreRuleId}")
	@Operation(summary = "Delete an ignore rule, global or of a target",
			description = "What it ignored comes back as findings at the next scan. With If-Match, only if the rule "
					+ "still has that ETag (412 otherwise).")
	@ApiResponse(responseCode = "204", description = "Deleted")
	ResponseEntity<Void> deleteIgnoreRule(@PathVariable UUID ignoreRuleId, Principal principal,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		ignoreRules.delete(ignoreRuleId, principal.getName(), new Precondition(ifMatch, null));
		return ResponseEntity.noContent().build();
	}

	private static ResponseEntity<IgnoreRule> created(IgnoreRule rule) {
		return ResponseEntity.created(URI.create("/api/v1/ignore-rules/" + rule.id()))
			.eTag(IgnoreRuleService.eTag(rule))
			.body(rule);
	}
}
