package dev.tidemark.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code tidemark.security.users.<name>.password} ({@code {bcrypt}…} or {@code {noop}…}) and {@code .roles};
 * API tokens live for {@code token-default-lifetime} unless created with an expiry, at most
 * {@code token-max-lifetime}. {@code login-throttle.*} limits failed sign-ins (see {@link LoginThrottle}).
 */
@ConfigurationProperties("tidemark.security")
@Validated
public record SecuritySettings(@DefaultValue Map<String, @Valid User> users,
		@DefaultValue("90d") Duration tokenDefaultLifetime, @DefaultValue("365d") Duration tokenMaxLifetime,
		@DefaultValue @Valid LoginThrottle loginThrottle) {

	public record User(@NotBlank String password, @NotEmpty List<Role> roles) {
		@Override
		public String toString() {
			return "User[roles=" + roles + "]";
		}
	}

	/**
	 * At most {@code per-user} failed sign-ins for one user name and {@code per-address} from one client address in
	 * each {@code window}; past that, attempts for that name or from that address are answered 429 with
	 * {@code Retry-After} until the window ends, before any password is checked. {@code max-tracked-keys} bounds how
	 * many names and addresses are remembered (each map on its own), whatever callers send.
	 */
	public record LoginThrottle(@DefaultValue("true") boolean enabled, @DefaultValue("10") @Positive int perUser,
			@DefaultValue("50") @Positive int perAddress, @DefaultValue("1m") Duration window,
			@DefaultValue("100000") @Positive int maxTrackedKeys) {
	}
}
