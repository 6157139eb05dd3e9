package dev.tidemark.common;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretCipherTests {

	private static String key(int fill) {
		byte[] bytes = new byte[32];
		java.util.Arrays.fill(bytes, (byte) fill);
		return Base64.getEncoder().encodeToString(bytes);
	}

	@Test
	void roundTripsAndNeverRepeatsACiphertext() {
		SecretCipher cipher = new SecretCipher(key(1));
		String a = cipher.encrypt("pässwörd \"'");
		String b = cipher.encrypt("pässwörd \"'");
		assertThat(a).startsWith("v1:").isNotEqualTo(b).doesNotContain("pässwörd");
		assertThat(cipher.decrypt(a)).isEqualTo("pässwörd \"'");
	}

	@Test
	void aWrongKeyOrATamperedValueFailsWithoutEchoingIt() {
		String sealed = new SecretCipher(key(1)).encrypt("secret");
		assertThatThrownBy(() -> new SecretCipher(key(2)).decrypt(sealed))
			.hasMessageNotContaining(sealed.substring(3));
		String tampered = sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("A=") ? "B=" : "A=");
		assertThatThrownBy(() -> new SecretCipher(key(1)).decrypt(tampered)).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void refusesAMissingOrShortKeyWithGuidance() {
		assertThatThrownBy(() -> new SecretCipher("")).hasMessageContaining("TIDEMARK_SECRET_KEY");
		assertThatThrownBy(() -> new SecretCipher(Base64.getEncoder().encodeToString(new byte[16])))
			.hasMessageContaining("32 bytes");
	}
}
