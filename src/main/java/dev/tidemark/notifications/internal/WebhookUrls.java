package dev.tidemark.notifications.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

import dev.tidemark.common.InvalidRequestException;

import org.springframework.stereotype.Component;

/**
 * What a webhook URL may be: Tidemark runs inside the network, so an ADMIN must not be able to point it anywhere it
 * can reach with credentials embedded, over another scheme, (with an allow-list) at an unlisted host, or at an
 * address in a denied network (checked again before every delivery: a name may resolve elsewhere later).
 */
@Component
class WebhookUrls {

	private final WebhookSettings settings;

	private final DeniedNetworks denied;

	WebhookUrls(WebhookSettings settings) {
		this.settings = settings;
		this.denied = DeniedNetworks.parse(settings.deniedNetworks());
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
		deniedAddress(host).ifPresent(reason -> {
			throw new InvalidRequestException("url", reason);
		});
		return uri.toString();
	}

	/**
	 * Why {@code host} must not be named by a subscription: one of the addresses it resolves to lies in a denied
	 * network. Empty when none does, or when it does not resolve (its deliveries are then not sent until it does).
	 */
	Optional<String> deniedAddress(String host) {
		return check(host, false);
	}

	/**
	 * Why a delivery to {@code host} must not be sent now: it resolves into a denied network, or (while any network
	 * is denied) does not resolve at all, so that a name answering nothing to this lookup and a denied address to
	 * the client's own cannot slip through. The JVM caches a successful lookup (30 s by default), so the connection
	 * that follows normally uses the addresses checked; with that cache off it looks the name up again.
	 */
	Optional<String> deliveryRefusal(String host) {
		return check(host, true);
	}

	private Optional<String> check(String host, boolean mustResolve) {
		if (denied.isEmpty()) {
			return Optional.empty();
		}
		InetAddress[] addresses;
		try {
			addresses = InetAddress.getAllByName(host);
		}
		catch (UnknownHostException e) {
			return mustResolve ? Optional.of("host '" + host + "' does not resolve") : Optional.empty();
		}
		for (InetAddress address : addresses) {
			Optional<String> block = denied.blockOf(address);
			if (block.isPresent()) {
				return Optional.of("host '" + host + "' resolves to " + address.getHostAddress() + ", in "
						+ block.get() + " (tidemark.webhooks.denied-networks)");
			}
		}
		return Optional.empty();
	}
}
