package dev.tidemark.notifications.internal;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tidemark.common.Caller;
import dev.tidemark.common.PageOf;
import dev.tidemark.common.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/webhooks")
@Tag(name = "Webhooks", description = "Signed event notifications to HTTP receivers or Slack (admin only)")
class WebhooksController {

	private final WebhookService webhooks;

	WebhooksController(WebhookService webhooks) {
		this.webhooks = webhooks;
	}

	record CreateWebhookRequest(@NotBlank String url, @NotEmpty List<String> events, @Nullable UUID targetId,
			@Schema(description = "Only targets carrying all these labels") @Nullable Map<String,
					@NotNull(message = "label values are text, not null") String> labels,
			@Schema(description = "HMAC-SHA256 key for Tidemark-Signature; 16 to 256 characters; never returned",
					accessMode = Schema.AccessMode.WRITE_ONLY) @NotBlank String secret,
			@Schema(allowableValues = { "generic", "slack" }, defaultValue = "generic") @Nullable String format,
			@Schema(defaultValue = "true") @Nullable Boolean enabled) {
	}

	record UpdateWebhookRequest(@Nullable String url, @Nullable List<String> events,
			@Schema(accessMode = Schema.AccessMode.WRITE_ONLY) @Nullable String secret,
			@Schema(allowableValues = { "generic", "slack" }) @Nullable String format,
			@Schema(description = "true re-enables a disabled subscription and clears its failure run")
			@Nullable Boolean enabled) {
	}

	@PostMapping
	@Operation(summary = "Subscribe a URL to events",
			description = "Events: finding.opened, finding.resolved, finding.reopened, scan.failed, gate.changed, "
					+ "remediation.proposed, .approved, .rejected, .executed, .verified, .failed, .stale. The URL must "
					+ "be http or https without credentials (and on tidemark.webhooks.allowed-hosts when set), and its "
					+ "host must not resolve into tidemark.webhooks.denied-networks (cloud metadata blocks by default; "
					+ "checked again before every delivery). "
					+ "targetId and labels narrow the events to a target or to targets with all the labels.")
	@ApiResponse(responseCode = "201", description = "The subscription (without its secret); Location is its URI",
			useReturnTypeSchema = true, headers = @Header(name = "Location", description = "URI of the created resource",
					schema = @Schema(type = "string", format = "uri-reference")))
	ResponseEntity<WebhookSubscription> createWebhook(@Valid @RequestBody CreateWebhookRequest request,
			Principal principal) {
		WebhookSubscription created = webhooks.create(new WebhookService.Definition(request.url(), request.events(),
				request.targetId(), request.labels(), request.secret(), request.format(), request.enabled()),
				Caller.of(principal).name());
		return ResponseEntity.created(URI.create("/api/v1/webhooks/" + created.id())).body(created);
	}

	@GetMapping
	@Operation(summary = "List webhook subscriptions (never their secrets)")
	PageOf<WebhookSubscription> listWebhooks(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		return webhooks.list(new PageRequest(page, size));
	}

	@GetMapping("/{webhookId}")
	@Operation(summary = "Get a webhook subscription")
	WebhookSubscription getWebhook(@PathVariable UUID webhookId) {
		return webhooks.get(webhookId);
	}

	@PatchMapping("/{webhookId}")
	@Operation(summary = "Change a webhook subscription's URL, events, secret, format or enabled flag")
	WebhookSubscription updateWebhook(@PathVariable UUID webhookId, @RequestBody UpdateWebhookRequest request,
			Principal principal) {
		return webhooks.update(webhookId, new WebhookService.Update(request.url(), request.events(), request.secret(),
				request.format(), request.enabled()), Caller.of(principal).name());
	}

	@DeleteMapping("/{webhookId}")
	@Operation(summary = "Delete a webhook subscription and its pending deliveries")
	@ApiResponse(responseCode = "204", description = "Deleted")
	ResponseEntity<Void> deleteWebhook(@PathVariable UUID webhookId, Principal principal) {
		webhooks.delete(webhookId, Caller.of(principal).name());
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/{webhookId}/deliveries")
	@Operation(summary = "The delivery log: every attempt, newest first",
			description = "One entry per attempt: the event, the attempt number, the HTTP status (none when the "
					+ "receiver could not be reached), how long it took and the error.")
	PageOf<DeliveryStore.WebhookAttempt> listWebhookDeliveries(@PathVariable UUID webhookId,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
		return webhooks.attempts(webhookId, new PageRequest(page, size));
	}
}
