package dev.tidemark.security.internal;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tidemark.common.Caller;
import dev.tidemark.common.PageOf;
import dev.tidemark.common.PageRequest;
import dev.tidemark.common.StorableInstant;
import dev.tidemark.security.ApiToken;
import dev.tidemark.security.Role;
import dev.tidemark.web.ProblemTypes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
@RequestMapping("/api/v1/api-tokens")
@Tag(name = "API tokens", description = "Bearer tokens for machines (admin only)")
class ApiTokensController {

	private final ApiTokenService tokens;

	ApiTokensController(ApiTokenService tokens) {
		this.tokens = tokens;
	}

	record CreateTokenRequest(
			@NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,62}",
					message = "must be 1 to 63 letters, digits, '.', '_' or '-'") String name,
			@NotEmpty List<Role> roles, @StorableInstant @Nullable Instant expiresAt) {
	}

	/** The only response that ever carries the token's secret. */
	record CreatedToken(UUID id, String name, List<Role> roles, String createdBy, String owner, Instant createdAt,
			Instant expiresAt, String token) {
	}

	@PostMapping
	@Operation(summary = "Create an API token",
			description = "The token is in this response only; Tidemark keeps a hash. Default expiry 90 days. The token "
					+ "acts for the human who created it (owner; for a token created with a token, that token's "
					+ "owner); four-eyes approval compares humans, not credentials. "
					+ "Names are unique among live tokens: 409 when one already has it.")
	@ApiResponse(responseCode = "201", description = "The token, with its secret; Location is the token's URI", useReturnTypeSchema = true,
			headers = @Header(name = "Location", description = "URI of the created resource",
					schema = @Schema(type = "string", format = "uri-reference")))
	ResponseEntity<CreatedToken> createApiToken(@Valid @RequestBody CreateTokenRequest request, Principal principal) {
		ApiTokenService.Created created = tokens.create(request.name(), request.roles(), request.expiresAt(),
				Caller.of(principal));
		ApiToken t = created.token();
		return ResponseEntity.created(URI.create("/api/v1/api-tokens/" + t.id()))
			.body(new CreatedToken(t.id(), t.name(), t.roles(), t.createdBy(), t.owner(), t.createdAt(),
					t.expiresAt(), created.secret()));
	}

	@GetMapping
	@Operation(summary = "List API tokens (never their secrets)")
	PageOf<ApiToken> listApiTokens(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
		return tokens.list(new PageRequest(page, size));
	}

	@DeleteMapping("/{tokenId}")
	@Operation(summary = "Revoke an API token")
	@ApiResponse(responseCode = "204", description = "Revoked")
	ResponseEntity<Void> revokeApiToken(@PathVariable UUID tokenId, Principal principal) {
		if (!tokens.revoke(tokenId, Caller.of(principal))) {
			throw new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND, "No API token with id " + tokenId);
		}
		return ResponseEntity.noContent().build();
	}

	/** Here rather than in the web module's handler: web may not depend on security. */
	@ExceptionHandler(ApiTokenNameTakenException.class)
	ProblemDetail nameTaken(ApiTokenNameTakenException e) {
		ProblemDetail p = ProblemTypes.API_TOKEN_NAME_TAKEN.detail(HttpStatus.CONFLICT, e.getMessage());
		p.setProperty("errors", List.of(Map.of("field", "name", "message", e.getMessage())));
		return p;
	}
}
