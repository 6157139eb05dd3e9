package dev.tidemark.common;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts secrets Tidemark must be able to read back (target passwords, webhook signing secrets) at rest with
 * AES-256-GCM under the key from {@code TIDEMARK_SECRET_KEY} (the embedded default generates and keeps one).
 * Stored form: {@code v1:} + base64(iv ‖ ciphertext ‖ tag).
 */
@Component
public class SecretCipher {

	private static final String VERSION = "v1:";

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final SecretKey key;

	private final SecureRandom random = new SecureRandom();

	public SecretCipher(@Value("${tidemark.secret-key:}") String encodedKey) {
		if (encodedKey.isBlank()) {
			throw new IllegalStateException("TIDEMARK_SECRET_KEY is not set: it encrypts target passwords and webhook secrets at rest. "
					+ "Set it to 32 random bytes in base64 (e.g. `openssl rand -base64 32`).");
		}
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(encodedKey.trim());
		}
		catch (IllegalArgumentException e) {
			throw new IllegalStateException("TIDEMARK_SECRET_KEY is not valid base64", e);
		}
		if (bytes.length != 32) {
			throw new IllegalStateException(
					"TIDEMARK_SECRET_KEY must decode to 32 bytes (AES-256), it decodes to " + bytes.length);
		}
		this.key = new SecretKeySpec(bytes, "AES");
	}

	public String encrypt(String plain) {
		try {
			byte[] iv = new byte[IV_BYTES];
			random.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
			byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
			byte[] out = new byte[IV_BYTES + sealed.length];
			System.arraycopy(iv, 0, out, 0, IV_BYTES);
			System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
			return VERSION + Base64.getEncoder().encodeToString(out);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("Could not encrypt a secret", e);
		}
	}

	public String decrypt(String stored) {
		if (!stored.startsWith(VERSION)) {
			throw new IllegalStateException("Unknown secret format");
		}
		try {
			byte[] in = Base64.getDecoder().decode(stored.substring(VERSION.length()));
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
			return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException | IllegalArgumentException e) {
			// Wrong key or tampered value; the message must not echo the ciphertext.
			throw new IllegalStateException("A stored secret cannot be decrypted with TIDEMARK_SECRET_KEY");
		}
	}
}
