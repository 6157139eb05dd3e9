package dev.tidemark.checks.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The published JSON Schema (2020-12) of the contract document, as committed in {@code openapi/contract.schema.json}
 * and packaged into the jar, so editors and release pipelines can check a contract before they send it.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Expectations")
class ContractSchemaController {

	static final String MEDIA_TYPE = "application/schema+json";

	/** Where the build puts {@code openapi/contract.schema.json} on the class path. */
	static final String RESOURCE = "openapi/contract.schema.json";

	private final String schema = read();

	static String read() {
		try (InputStream in = new ClassPathResource(RESOURCE).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new UncheckedIOException("the contract schema " + RESOURCE + " is not on the class path", e);
		}
	}

	@GetMapping(path = "/contract-schema", produces = MEDIA_TYPE)
	@Operation(summary = "The JSON Schema (2020-12) of contract documents, YAML and JSON alike",
			description = "The same schema is components/schemas/Contract of this document. The API checks more "
					+ "than a schema can say (contradictions, names listed twice), and reads an empty value (null) "
					+ "as a key left out, which the schema asks for instead.")
	@ApiResponse(responseCode = "200", description = "The schema",
			content = @Content(mediaType = MEDIA_TYPE, schema = @Schema(type = "object",
					description = "A JSON Schema 2020-12 document")))
	ResponseEntity<String> contractSchema() {
		return ResponseEntity.ok().contentType(MediaType.parseMediaType(MEDIA_TYPE)).body(schema);
	}
}
