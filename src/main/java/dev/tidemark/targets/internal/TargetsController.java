package dev.tidemark.targets.internal;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.UUID;

import dev.tidemark.common.Labels;
import dev.tidemark.common.PageOf;
import dev.tidemark.common.PageRequest;
import dev.tidemark.common.Precondition;
import dev.tidemark.targets.ConnectionTestResult;
import dev.tidemark.targets.Target;
import dev.tidemark.targets.TargetDefinition;
import dev.tidemark.targets.Targets;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.Parameter;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/targets")
@Tag(name = "Targets", description = "Registered databases")
class TargetsController {

	private final Targets targets;

	TargetsController(Targets targets) {
		this.targets = targets;
	}

	@GetMapping
	@Operation(summary = "List targets, optionally filtered by labels (label=env:prod, repeatable)")
	PageOf<Target> listTargets(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
			@RequestParam(name = "label", required = false) @Nullable List<String> labels) {
		return targets.list(new PageRequest(page, size), Labels.selector(labels));
	}

	@PostMapping
	@Operation(summary = "Register a target",
			description = "The password is write-only and encrypted at rest. With verifyConnection (the default) the "
					+ "credentials must open a session first, so a wrong password or unreachable host stores nothing.")
	@ApiResponse(responseCode = "201", description = "The registered target with its ETag; Location is its URI", useReturnTypeSchema = true,
			headers = @Header(name = "Location", description = "URI of the created resource",
					schema = @Schema(type = "string", format = "uri-reference")))
	ResponseEntity<Target> registerTarget(@Valid @RequestBody TargetDefinition definition,
			@Parameter(description = "Open a session with these credentials before storing")
			@RequestParam(defaultValue = "true") boolean verifyConnection, Principal principal) {
		Target target = targets.register(definition, principal.getName(), verifyConnection);
		return ResponseEntity.created(URI.create("/api/v1/targets/" + target.id())).eTag(Targets.eTag(target))
			.body(target);
	}

	@GetMapping("/{targetId}")
	@Operation(summary = "Get a target",
			description = "With its ETag; If-None-Match with the current ETag answers 304 Not Modified.")
	ResponseEntity<Target> getTarget(@PathVariable UUID targetId,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) @Nullable String ifNoneMatch) {
		Target target = targets.get(targetId);
		String eTag = Targets.eTag(target);
		if (new Precondition(ifMatch, ifNoneMatch).notModified("target " + targetId, eTag)) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(eTag).build();
		}
		return ResponseEntity.ok().eTag(eTag).body(target);
	}

	@PutMapping("/{targetId}")
	@Operation(summary = "Replace a target's definition",
			description = "A null password keeps the stored one; an empty string clears it. With If-Match, only if "
					+ "the target still has that ETag (412 otherwise). Labels that lower the approvals the target's "
					+ "remediations need (tidemark.remediation.approvals-by-label) take an ADMIN (403 otherwise). "
					+ "Open remediations are bound to the JDBC URL, users and labels they were proposed for: "
					+ "changing those makes them STALE when next approved or executed.")
	ResponseEntity<Target> replaceTarget(@PathVariable UUID targetId, @Valid @RequestBody TargetDefinition definition,
			@RequestParam(defaultValue = "true") boolean verifyConnection, Principal principal,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) @Nullable String ifNoneMatch) {
		Target target = targets.replace(targetId, definition, principal.getName(), verifyConnection,
				new Precondition(ifMatch, ifNoneMatch));
		return ResponseEntity.ok().eTag(Targets.eTag(target)).body(target);
	}

	@DeleteMapping("/{targetId}")
	@Operation(summary = "Remove a target with its snapshots and scans",
			description = "With If-Match, only if the target still has that ETag (412 otherwise). A target whose "
					+ "labels raise the approvals its remediations need takes an ADMIN to remove (403 otherwise). "
					+ "Removes its remediations too (the audit events stay); not while a live executor runs one of "
					+ "them (409 remediation-target-busy).")
	@ApiResponse(responseCode = "204", description = "Removed, with its snapshots, scans, findings and remediations")
	ResponseEntity<Void> removeTarget(@PathVariable UUID targetId, Principal principal,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		targets.remove(targetId, principal.getName(), new Precondition(ifMatch, null));
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{targetId}/connection-test")
	@Operation(summary = "Open a read-only session to the target and report what answered")
	ConnectionTestResult testTargetConnection(@PathVariable UUID targetId) {
		return targets.testConnection(targetId);
	}
}
