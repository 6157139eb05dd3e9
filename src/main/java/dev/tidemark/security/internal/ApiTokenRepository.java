package dev.tidemark.security.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.tidemark.common.PageRequest;
import dev.tidemark.security.ApiToken;
import dev.tidemark.security.Role;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ApiTokenRepository {

	private static final String COLUMNS = "id, name, roles, created_by, owner, created_at, expires_at, last_used_at";

	private final JdbcClient jdbc;

	ApiTokenRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(ApiToken token, String sha256) {
		jdbc.sql("""
				INSERT INTO api_token (id, name, token_sha256, roles, created_by, owner, created_at, expires_at)
				VALUES (?, ?, ?, ?::text[], ?, ?, ?, ?)""")
			.params(token.id(), token.name(), sha256, "{" + String.join(",", token.roles().stream().map(Role::name).toList()) + "}",
					token.createdBy(), token.owner(), Timestamp.from(token.createdAt()),
					Timestamp.from(token.expiresAt()))
			.update();
	}

	/**
	 * Serializes creations of one name until the calling transaction ends, so that checking for a live token of that
	 * name and inserting one cannot interleave (READ COMMITTED: the second caller's check sees the first's row).
	 */
	void lockName(String name) {
		jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('tidemark.api_token:' || ?, 0))").param(name)
			.query((rs, n) -> 1).list();
	}

	boolean liveNameExists(String name, Instant now) {
		return jdbc.sql("SELECT EXISTS (SELECT 1 FROM api_token WHERE name = ? AND expires_at > ?)")
			.params(name, Timestamp.from(now))
			.query(Boolean.class)
			.single();
	}

	Optional<ApiToken> findBySha256(String sha256) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM api_token WHERE token_sha256 = ?").param(sha256).query(this::row)
			.optional();
	}

	List<ApiToken> page(PageRequest page) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM api_token ORDER BY created_at DESC, id LIMIT ? OFFSET ?")
			.params(page.size(), page.offset())
			.query(this::row)
			.list();
	}

	long count() {
		return jdbc.sql("SELECT count(*) FROM api_token").query(Long.class).single();
	}

	/** The deleted token, as it was, if there was one. */
	Optional<ApiToken> delete(UUID id) {
		return jdbc.sql("DELETE FROM api_token WHERE id = ? RETURNING " + COLUMNS).param(id).query(this::row).optional();
	}

	/** The name of the token with this hash, live or expired: what a refused caller tried to be. */
	Optional<String> nameBySha256(String sha256) {
		return jdbc.sql("SELECT name FROM api_token WHERE token_sha256 = ?").param(sha256).query(String.class).optional();
	}

	/** Records use at most once a minute, so busy tokens do not turn every read into a write. */
	void touch(UUID id, Instant now) {
		jdbc.sql("UPDATE api_token SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)")
			.params(Timestamp.from(now), id, Timestamp.from(now.minus(ApiTokenService.TOUCH_INTERVAL)))
			.update();
	}

	private ApiToken row(ResultSet rs, int rowNum) throws SQLException {
		Array roles = rs.getArray("roles");
		Timestamp lastUsed = rs.getTimestamp("last_used_at");
		return new ApiToken(rs.getObject("id", UUID.class), rs.getString("name"),
				Arrays.stream((String[]) roles.getArray()).map(Role::valueOf).sorted().toList(),
				rs.getString("created_by"), rs.getString("owner"), rs.getTimestamp("created_at").toInstant(),
				rs.getTimestamp("expires_at").toInstant(), lastUsed == null ? null : lastUsed.toInstant());
	}
}
