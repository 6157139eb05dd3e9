package dev.tidemark.targets;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Pattern;

/**
 * What a comparison with the reference (and with the baseline) leaves out for a target, since roles often differ
 * between environments. {@code owners}: whether owners are compared. {@code privileges}: {@code all} (grants and
 * default privileges, a grant to a role the target lacks reported with the reason it cannot be repaired),
 * {@code existing-roles} (only those naming roles that exist in both databases) or {@code none}.
 */
@Schema(description = "What the comparison with the reference and the baseline leaves out, since roles often differ "
		+ "between environments. Omitted fields take their defaults")
public record CompareOptions(
		@Schema(description = "Compare the owners of schemas, tables, views, sequences, functions and types")
		Boolean owners,
		@Schema(description = "Which grants and default privileges to compare: all; only those naming roles that "
				+ "exist in both databases (existing-roles); or none",
				allowableValues = { "all", "existing-roles", "none" })
		@Pattern(regexp = "all|existing-roles|none", message = "must be all, existing-roles or none")
		String privileges) {

	public static final String ALL = "all";

	public static final String EXISTING_ROLES = "existing-roles";

	public static final String NONE = "none";

	public static CompareOptions defaults() {
		return new CompareOptions(null, null);
	}

	public CompareOptions {
		owners = owners == null ? Boolean.TRUE : owners;
		privileges = privileges == null ? ALL : privileges;
	}

	/** Whether grants and default privileges are compared at all. */
	@JsonIgnore
	public boolean comparesPrivileges() {
		return !NONE.equals(privileges);
	}

	/** Whether only grants naming roles both databases have are compared. */
	@JsonIgnore
	public boolean onlyExistingRoles() {
		return EXISTING_ROLES.equals(privileges);
	}
}
