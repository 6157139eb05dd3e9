package dev.tidemark.notifications.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Address blocks no webhook may reach ({@code tidemark.webhooks.denied-networks}), in CIDR notation: by default the
 * link-local blocks, AWS's IPv6 one and Alibaba's metadata address, where cloud metadata services answer. Checked on
 * the addresses a URL's host resolves to, when the subscription is saved and again before every delivery, since a
 * name may resolve elsewhere later.
 */
final class DeniedNetworks {

	/**
	 * Four decimal octets, or an IPv6 literal (with a colon, which the JDK never looks up): anything else could
	 * become a DNS lookup, or a short form the JDK reads differently ({@code 169.254} is 169.0.0.254).
	 */
	private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";

	private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

	private record Block(byte[] network, int prefix, String text) {

		boolean contains(InetAddress address) {
			byte[] bytes = address.getAddress();
			if (bytes.length != network.length) {
				return false;
			}
			int full = prefix / 8;
			for (int i = 0; i < full; i++) {
				if (bytes[i] != network[i]) {
					return false;
				}
			}
			int rest = prefix % 8;
			int mask = rest == 0 ? 0 : (0xff << (8 - rest)) & 0xff;
			return rest == 0 || (bytes[full] & mask) == (network[full] & mask);
		}
	}

	private final List<Block> blocks;

	private DeniedNetworks(List<Block> blocks) {
		this.blocks = blocks;
	}

	/** Parses {@code 169.254.0.0/16}-style entries; a bad one is an {@link IllegalArgumentException} naming it. */
	static DeniedNetworks parse(List<String> cidrs) {
		return new DeniedNetworks(cidrs.stream().map(String::trim).filter(c -> !c.isEmpty()).map(DeniedNetworks::block)
			.toList());
	}

	private static Block block(String cidr) {
		String[] parts = cidr.split("/", -1);
		if (parts.length != 2 || !(IPV4.matcher(parts[0]).matches() || IPV6.matcher(parts[0]).matches())
				|| !parts[1].matches("\\d{1,3}")) {
			throw new IllegalArgumentException("tidemark.webhooks.denied-networks: '" + cidr
					+ "' is not an address block such as 169.254.0.0/16 or fe80::/10");
		}
		byte[] network;
		try {
			network = InetAddress.getByName(parts[0]).getAddress();
		}
		catch (UnknownHostException e) {
			throw new IllegalArgumentException("tidemark.webhooks.denied-networks: '" + cidr + "' is not an address");
		}
		int prefix = Integer.parseInt(parts[1]);
		if (prefix > network.length * 8) {
			throw new IllegalArgumentException("tidemark.webhooks.denied-networks: '" + cidr + "' has a prefix longer "
					+ "than its address");
		}
		return new Block(network, prefix, cidr);
	}

	boolean isEmpty() {
		return blocks.isEmpty();
	}

	/** The block {@code address} falls in, if any. */
	Optional<String> blockOf(InetAddress address) {
		return blocks.stream().filter(b -> b.contains(address)).map(Block::text).findFirst();
	}
}
