package dev.tidemark.targets;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;

/**
 * What a client writes to register or replace a target. Passwords are write-only: on replace, a null password
 * keeps the stored one and an empty one clears it.
 */
public record TargetDefinition(
		@NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,62}",
				message = "must be 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit") String name,
		@NotBlank @Size(max = 2000) String jdbcUrl,
		@NotBlank @Size(max = 63) String username,
		@Nullable @Size(max = 1000) String password,
		@Nullable @Size(max = 63) String remediationUsername,
		@Nullable @Size(max = 1000) String remediationPassword,
		@Nullable @Size(max = 50) Map<@Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._/-]{0,62}",
				message = "label keys are 1 to 63 letters, digits, '.', '_', '/' or '-'") String,
				@NotNull(message = "label values are text (an empty string at most), not null") @Size(max = 200)
				String> labels,
		@Nullable @Valid TargetOptions options) {

	@Override
	public String toString() {
		// Never print secrets, even by accident in a log line.
		return "TargetDefinition[name=" + name + ", jdbcUrl=" + jdbcUrl + ", username=" + username + "]";
	}
}
