package dev.tidemark.checks.internal;

import java.net.URI;
import java.security.Principal;
import java.util.UUID;

import dev.tidemark.checks.Scan;
import dev.tidemark.checks.Scans;
import dev.tidemark.common.PageOf;
import dev.tidemark.common.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Scans", description = "Snapshot + every rule + reconciliation of findings")
class ScansController {

	private final Scans scans;

	ScansController(Scans scans) {
		this.scans = scans;
	}

	@PostMapping("/targets/{targetId}/scans")
	@Operation(summary = "Scan a target now",
			description = "Returns the finished scan: SUCCEEDED with its snapshotId and open findings by severity, "
					+ "or FAILED with the reason (an unreachable target is a FAILED scan, not an HTTP error).")
	@ApiResponse(responseCode = "201", description = "The scan, finished; Location is the scan's URI", useReturnTypeSchema = true,
			headers = @Header(name = "Location", description = "URI of the created resource",
					schema = @Schema(type = "string", format = "uri-reference")))
	ResponseEntity<Scan> runScan(@PathVariable UUID targetId, Principal principal) {
		Scan scan = scans.run(targetId, principal.getName());
		return ResponseEntity.created(URI.create("/api/v1/scans/" + scan.id())).body(scan);
	}

	@GetMapping("/targets/{targetId}/scans")
	@Operation(summary = "List a target's scans, newest first")
	PageOf<Scan> listScans(@PathVariable UUID targetId, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		return scans.list(targetId, new PageRequest(page, size));
	}

	@GetMapping("/scans/{scanId}")
	@Operation(summary = "Get a scan")
	Scan getScan(@PathVariable UUID scanId) {
		return scans.get(scanId);
	}
}
