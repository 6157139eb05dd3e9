package dev.tidemark.notifications.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** {@code Tidemark-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}, as Stripe signs its webhooks. */
final class WebhookSignature {

	static final String HEADER = "Tidemark-Signature";

	private WebhookSignature() {
	}

	static String header(String secret, long unixSeconds, String body) {
		return "t=" + unixSeconds + ",v1=" + hmacHex(secret, unixSeconds + "." + body);
	}

	static String hmacHex(String secret, String message) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("HmacSHA256 is not available", e);
		}
	}
}
