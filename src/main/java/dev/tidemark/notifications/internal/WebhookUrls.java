package dev.tidemark.notifications.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

import dev.tidemark.common.InvalidRequestException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * What a webhook URL may be: Tidemark runs inside the network, so an ADMIN must not be able to point it anywhere it
 * can reach with credentials embedded, over another scheme, (with an allow-list) at an unlisted host, or at an
 * address in a denied network (checked again at every delivery's own lookup: a name may resolve elsewhere later).
 */
@Component
class WebhookUrls {

	private final WebhookSettings settings;

	private final DeniedNetworks denied;

	private final HostLookup lookup;

	@Autowired
	WebhookUrls(WebhookSettings settings) {
		this(settings, InetAddress::getAllByName);
	}

	WebhookUrls(WebhookSettings settings, HostLookup lookup) {
		this.settings = settings;
		this.denied = DeniedNetworks.parse(settings.deniedNetworks());
		this.lookup = lookup;
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
		if (uri.getPort() == 0 || uri.getPort() > 65535) {
			throw new InvalidRequestException("url", "port " + uri.getPort() + " is out of range (1 to 65535)");
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
		if (denied.isEmpty()) {
			return Optional.empty(); // nothing to check: no DNS lookup while saving
		}
		try {
			checkedAddresses(host);
			return Optional.empty();
		}
		catch (DeniedAddressException e) {
			return Optional.of(e.getMessage());
		}
		catch (UnknownHostException e) {
			return Optional.empty();
		}
	}

	/**
	 * The addresses of {@code host}, for a delivery to connect to: the webhook client resolves names only through
	 * this, so the address it connects to is one that was checked (a name that later answers a denied address, DNS
	 * rebinding, is caught at the lookup the connection itself uses).
	 * @throws DeniedAddressException when one of them lies in a denied network
	 * @throws UnresolvedHostException when the name does not resolve
	 */
	InetAddress[] checkedAddresses(String host) throws UnknownHostException {
		InetAddress[] addresses;
		try {
			addresses = lookup.addresses(host);
		}
		catch (UnknownHostException e) {
			throw new UnresolvedHostException("host '" + host + "' does not resolve");
		}
		for (InetAddress address : addresses) {
			Optional<String> block = denied.blockOf(address);
			if (block.isPresent()) {
				throw new DeniedAddressException("host '" + host + "' resolves to " + address.getHostAddress()
						+ ", in " + block.get() + " (tidemark.webhooks.denied-networks)");
			}
		}
		return addresses;
	}

	/** Name resolution, replaceable in tests (a name that answers one address, then another). */
	@FunctionalInterface
	interface HostLookup {

		InetAddress[] addresses(String host) throws UnknownHostException;

	}

	/** A host that resolves into a denied network: to a connection, a name it must not resolve. */
	static final class DeniedAddressException extends UnknownHostException {

		DeniedAddressException(String message) {
			super(message);
		}

	}

	/** A host with no address: nothing can be sent to it. */
	static final class UnresolvedHostException extends UnknownHostException {

		UnresolvedHostException(String message) {
			super(message);
		}

	}
}
