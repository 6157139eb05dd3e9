package dev.tidemark.checks.internal;

import java.security.Principal;
import java.util.UUID;

import dev.tidemark.checks.BaselineSetting;
import dev.tidemark.checks.Expectations;
import dev.tidemark.checks.ReferenceSetting;
import dev.tidemark.checks.StoredContract;
import dev.tidemark.checks.contract.ContractDocuments;
import dev.tidemark.checks.contract.MediaTypeKind;
import dev.tidemark.common.Precondition;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Contract (YAML or JSON, by Content-Type and Accept), reference and baseline of a target. The contract comes
 * back as the stored document's parsed form, in the format asked for. Every setting has a strong ETag: GET
 * answers 304 to a matching If-None-Match, and PUT or DELETE with an If-Match that no longer matches is a 412.
 */
@RestController
@RequestMapping("/api/v1/targets/{targetId}")
@Tag(name = "Expectations", description = "What a target's scans check against: contract, reference, baseline")
class ExpectationsController {

	static final String YAML = "application/yaml";

	private final Expectations expectations;

	ExpectationsController(Expectations expectations) {
		this.expectations = expectations;
	}

	record ReferenceRequest(@Nullable UUID targetId, @Nullable UUID snapshotId) {
	}

	record BaselineRequest(@Nullable UUID snapshotId) {
	}

	@PutMapping(path = "/contract", consumes = { YAML, "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON_VALUE },
			produces = { YAML, MediaType.APPLICATION_JSON_VALUE })
	@Operation(summary = "Set the target's contract (YAML or JSON)",
			description = "Validated on write; errors give the path, line and reason, and the previous contract "
					+ "stays in force. The document (YAML or JSON) follows the schema Contract, also served as a "
					+ "JSON Schema 2020-12 document at GET /api/v1/contract-schema.")
	ResponseEntity<String> putContract(@PathVariable UUID targetId, @RequestBody String document,
			@Parameter(hidden = true) @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType,
			@RequestHeader(value = HttpHeaders.ACCEPT, required = false) @Nullable String accept, Principal principal,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) @Nullable String ifNoneMatch) {
		StoredContract stored = expectations.putContract(targetId, document, kindOf(contentType), principal.getName(),
				new Precondition(ifMatch, ifNoneMatch));
		return document(targetId, stored, accept == null ? contentType.toString() : accept);
	}

	@GetMapping(path = "/contract", produces = { YAML, MediaType.APPLICATION_JSON_VALUE })
	@Operation(summary = "Get the target's contract (YAML by default, JSON with Accept: application/json)")
	ResponseEntity<String> getContract(@PathVariable UUID targetId,
			@RequestHeader(value = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) @Nullable String ifNoneMatch) {
		StoredContract stored = expectations.contract(targetId).orElseThrow(() -> notSet(targetId, "contract"));
		String eTag = Expectations.contractETag(targetId, stored, kindWanted(accept));
		if (new Precondition(ifMatch, ifNoneMatch).notModified("the contract of target " + targetId, eTag)) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(eTag).varyBy(HttpHeaders.ACCEPT).build();
		}
		return document(targetId, stored, accept);
	}

	@DeleteMapping("/contract")
	@Operation(summary = "Remove the target's contract")
	@ApiResponse(responseCode = "204", description = "Removed")
	ResponseEntity<Void> deleteContract(@PathVariable UUID targetId, Principal principal,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		return deleted(expectations.deleteContract(targetId, principal.getName(), new Precondition(ifMatch, null)),
				targetId, "contract");
	}

	@PostMapping(path = "/contract/generate", produces = { YAML, MediaType.APPLICATION_JSON_VALUE })
	@Operation(summary = "Draft a contract from a snapshot (the latest when snapshotId is omitted); nothing is stored")
	ResponseEntity<String> generateContract(@PathVariable UUID targetId,
			@RequestParam(required = false) @Nullable UUID snapshotId,
			@RequestHeader(value = HttpHeaders.ACCEPT, required = false) @Nullable String accept) {
		MediaTypeKind kind = wantsJson(accept) ? MediaTypeKind.JSON : MediaTypeKind.YAML;
		return ResponseEntity.ok()
			.contentType(kind == MediaTypeKind.JSON ? MediaType.APPLICATION_JSON : MediaType.parseMediaType(YAML))
			.body(ContractDocuments.write(expectations.generateContract(targetId, snapshotId), kind));
	}

	@PutMapping("/reference")
	@Operation(summary = "Set what the target must match: another target (its latest snapshot) or a stored snapshot")
	ResponseEntity<ReferenceSetting> putReference(@PathVariable UUID targetId, @RequestBody ReferenceRequest request,
			Principal principal,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) @Nullable String ifNoneMatch) {
		ReferenceSetting setting = expectations.putReference(targetId, request.targetId(), request.snapshotId(),
				principal.getName(), new Precondition(ifMatch, ifNoneMatch));
		return ResponseEntity.ok().eTag(Expectations.referenceETag(targetId, setting)).body(setting);
	}

	@GetMapping("/reference")
	@Operation(summary = "Get the target's reference")
	ResponseEntity<ReferenceSetting> getReference(@PathVariable UUID targetId,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) @Nullable String ifNoneMatch) {
		ReferenceSetting setting = expectations.reference(targetId).orElseThrow(() -> notSet(targetId, "reference"));
		return conditional(Expectations.referenceETag(targetId, setting), setting,
				new Precondition(ifMatch, ifNoneMatch), "the reference of target " + targetId);
	}

	@DeleteMapping("/reference")
	@Operation(summary = "Remove the target's reference")
	@ApiResponse(responseCode = "204", description = "Removed")
	ResponseEntity<Void> deleteReference(@PathVariable UUID targetId, Principal principal,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		return deleted(expectations.deleteReference(targetId, principal.getName(), new Precondition(ifMatch, null)),
				targetId, "reference");
	}

	@PutMapping("/baseline")
	@Operation(summary = "Accept a snapshot of the target (the latest when snapshotId is omitted) as its baseline")
	ResponseEntity<BaselineSetting> putBaseline(@PathVariable UUID targetId,
			@RequestBody(required = false) @Nullable BaselineRequest request, Principal principal,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) @Nullable String ifNoneMatch) {
		BaselineSetting setting = expectations.putBaseline(targetId, request == null ? null : request.snapshotId(),
				principal.getName(), new Precondition(ifMatch, ifNoneMatch));
		return ResponseEntity.ok().eTag(Expectations.baselineETag(targetId, setting)).body(setting);
	}

	@GetMapping("/baseline")
	@Operation(summary = "Get the target's baseline")
	ResponseEntity<BaselineSetting> getBaseline(@PathVariable UUID targetId,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) @Nullable String ifNoneMatch) {
		BaselineSetting setting = expectations.baseline(targetId).orElseThrow(() -> notSet(targetId, "baseline"));
		return conditional(Expectations.baselineETag(targetId, setting), setting,
				new Precondition(ifMatch, ifNoneMatch), "the baseline of target " + targetId);
	}

	@DeleteMapping("/baseline")
	@Operation(summary = "Remove the target's baseline")
	@ApiResponse(responseCode = "204", description = "Removed")
	ResponseEntity<Void> deleteBaseline(@PathVariable UUID targetId, Principal principal,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		return deleted(expectations.deleteBaseline(targetId, principal.getName(), new Precondition(ifMatch, null)),
				targetId, "baseline");
	}

	private static <T> ResponseEntity<T> conditional(String eTag, T body, Precondition precondition, String what) {
		if (precondition.notModified(what, eTag)) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(eTag).build();
		}
		return ResponseEntity.ok().eTag(eTag).body(body);
	}

	private static ResponseEntity<String> document(UUID targetId, StoredContract stored, @Nullable String accept) {
		MediaTypeKind kind = kindWanted(accept);
		return ResponseEntity.ok()
			.eTag(Expectations.contractETag(targetId, stored, kind))
			.varyBy(HttpHeaders.ACCEPT)
			.lastModified(stored.updatedAt())
			.contentType(kind == MediaTypeKind.JSON ? MediaType.APPLICATION_JSON : MediaType.parseMediaType(YAML))
			.body(ContractDocuments.write(stored.contract(), kind));
	}

	private static ResponseEntity<Void> deleted(boolean removed, UUID targetId, String kind) {
		if (!removed) {
			throw notSet(targetId, kind);
		}
		return ResponseEntity.noContent().build();
	}

	/** A 404 problem detail that says what is missing: an empty 404 reads like an unknown path. */
	private static ResponseStatusException notSet(UUID targetId, String kind) {
		return new ResponseStatusException(HttpStatus.NOT_FOUND, "Target " + targetId + " has no " + kind);
	}

	private static MediaTypeKind kindWanted(@Nullable String accept) {
		return wantsJson(accept) ? MediaTypeKind.JSON : MediaTypeKind.YAML;
	}

	private static boolean wantsJson(@Nullable String accept) {
		return accept != null && accept.contains("json") && !accept.contains("yaml");
	}

	private static MediaTypeKind kindOf(MediaType contentType) {
		return contentType.getSubtype().contains("json") ? MediaTypeKind.JSON : MediaTypeKind.YAML;
	}
}
