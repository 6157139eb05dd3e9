package dev.tidemark.notifications.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import dev.tidemark.common.InvalidRequestException;

import org.springframework.stereotype.Component;

/**
 * What a webhook URL may be: Tidemark runs inside the network, so an ADMIN must not be able to point it anywhere it
 * can reach with credentials embedded, over another scheme, or (with an allow-list) at an unlisted host.
 */
@Component
class WebhookUrls {

	private final WebhookSettings settings;

	WebhookUrls(WebhookSettings settings) {
		this.settings = settings;
	}

	/** The URL, normalised, or an {@link InvalidRequestException} naming {@code url} and why. */
	String validated(String url) {
		URI uri;
		try {
			uri = new URI(url.trim());
		}
		catch (URISyntaxException e) {
			throw new InvalidRequestException("url", "is not a valid URL: " + e.getReason());
		}
		String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new InvalidRequestException("url", "must be an http or https URL");
		}
		if (uri.getRawUserInfo() != null) {
			throw new InvalidRequestException("url", "must not carry credentials (user info); use the secret");
		}
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			throw new InvalidRequestException("url", "must name a host");
		}
		if (uri.getRawFragment() != null) {
			throw new InvalidRequestException("url", "must not have a fragment");
		}
		String host = uri.getHost().toLowerCase(Locale.ROOT);
		if (!settings.allowedHosts().isEmpty() && !settings.allowedHosts().contains(host)) {
			throw new InvalidRequestException("url",
					"host '" + host + "' is not in tidemark.webhooks.allowed-hosts");
		}
		return uri.toString();
	}
}
