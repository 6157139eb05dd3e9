package dev.tidemark.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code tidemark.security.users.<name>.password} ({@code {bcrypt}…} or {@code {noop}…}) and {@code .roles};
 * API tokens live for {@code token-default-lifetime} unless created with an expiry, at most
 * {@code token-max-lifetime}.
 */
@ConfigurationProperties("tidemark.security")
@Validated
public record SecuritySettings(@DefaultValue Map<String, @Valid User> users,
		@DefaultValue("90d") Duration tokenDefaultLifetime, @DefaultValue("365d") Duration tokenMaxLifetime) {

	public record User(@NotBlank String password, @NotEmpty List<Role> roles) {
		@Override
		public String toString() {
			return "User[roles=" + roles + "]";
		}
	}
}
