package dev.tidemark.inspection.model;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * {@code ALTER DEFAULT PRIVILEGES}: objects {@code role} creates in {@code schema} (null: in any schema) of
 * {@code objectType} ({@code tables}, {@code sequences}, {@code functions}, {@code types}, {@code schemas}) get
 * {@code privileges} for {@code grantee}. Since format 2.
 */
public record DefaultPrivilegeInfo(String role, @Nullable String schema, String objectType, String grantee,
		List<String> privileges, List<String> grantable) implements CatalogObject {

	public DefaultPrivilegeInfo {
		privileges = privileges == null ? List.of() : List.copyOf(privileges);
		grantable = grantable == null ? List.of() : List.copyOf(grantable);
	}

	@Override
	public String key() {
		return (schema == null ? "*" : schema) + " " + objectType + " to " + grantee + " by " + role;
	}
}
