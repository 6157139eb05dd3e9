package dev.tidemark.inspection.model;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What one grantee may do with one object, from the object's ACL (its default ACL when none was set, so a
 * function's implicit EXECUTE for PUBLIC is listed). The owner's own privileges are left out. {@code objectKind}
 * is {@code SCHEMA}, {@code TABLE} (views, materialized views and foreign tables too), {@code COLUMN},
 * {@code SEQUENCE}, {@code FUNCTION} (procedures too) or {@code TYPE}; {@code object} names it as findings do
 * ({@code app}, {@code public.orders}, {@code public.orders.email}, {@code public.f(x integer)});
 * {@code grantee} is a role name or {@code PUBLIC}; {@code privileges} sorted ({@code SELECT}, {@code UPDATE}...),
 * {@code grantable} the subset held WITH GRANT OPTION. Since format 2.
 */
public record PrivilegeInfo(String objectKind, @Nullable String schema, String object, String grantee,
		List<String> privileges, List<String> grantable) implements CatalogObject {

	public PrivilegeInfo {
		privileges = privileges == null ? List.of() : List.copyOf(privileges);
		grantable = grantable == null ? List.of() : List.copyOf(grantable);
	}

	@Override
	public String key() {
		return objectKind + " " + object + " to " + grantee;
	}
}
