package dev.tidemark.targets.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import dev.tidemark.common.PageRequest;
import dev.tidemark.targets.TargetOptions;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class TargetRepository {

	private static final String COLUMNS = "id, name, jdbc_url, username, password_secret, remediation_username, "
			+ "remediation_password_secret, labels::text AS labels, options::text AS options, created_at, updated_at, version";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	TargetRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	Optional<TargetRow> find(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM target WHERE id = ?").param(id).query(this::row).optional();
	}

	Optional<TargetRow> findByName(String name) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM target WHERE name = ?").param(name).query(this::row).optional();
	}

	List<TargetRow> page(PageRequest page, @Nullable Map<String, String> labels) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM target WHERE labels @> ?::jsonb ORDER BY name LIMIT ? OFFSET ?")
			.param(labelsJson(labels))
			.param(page.size())
			.param(page.offset())
			.query(this::row)
			.list();
	}

	long count(@Nullable Map<String, String> labels) {
		return jdbc.sql("SELECT count(*) FROM target WHERE labels @> ?::jsonb")
			.param(labelsJson(labels))
			.query(Long.class)
			.single();
	}

	List<TargetRow> all() {
		return jdbc.sql("SELECT " + COLUMNS + " FROM target ORDER BY name").query(this::row).list();
	}

	void insert(TargetRow row) {
		jdbc.sql("""
				INSERT INTO target (id, name, jdbc_url, username, password_secret, remediation_username,
				                    remediation_password_secret, labels, options, created_at, updated_at, version)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)""")
			.params(row.id(), row.name(), row.jdbcUrl(), row.username(), row.passwordSecret(),
					row.remediationUsername(), row.remediationPasswordSecret(), json.writeValueAsString(row.labels()),
					json.writeValueAsString(row.options()), Timestamp.from(row.createdAt()),
					Timestamp.from(row.updatedAt()), row.version())
			.update();
	}

	/** Updates the row if it still has {@code expectedVersion}; false when someone else changed it first. */
	boolean update(TargetRow row, int expectedVersion) {
		return jdbc.sql("""
				UPDATE target SET name = ?, jdbc_url = ?, username = ?, password_secret = ?, remediation_username = ?,
				       remediation_password_secret = ?, labels = ?::jsonb, options = ?::jsonb, updated_at = ?, version = ?
				WHERE id = ? AND version = ?""")
			.params(row.name(), row.jdbcUrl(), row.username(), row.passwordSecret(), row.remediationUsername(),
					row.remediationPasswordSecret(), json.writeValueAsString(row.labels()),
					json.writeValueAsString(row.options()), Timestamp.from(row.updatedAt()), row.version(), row.id(),
					expectedVersion)
			.update() == 1;
	}

	/** Deletes the row if it still has {@code expectedVersion}. */
	boolean delete(UUID id, int expectedVersion) {
		return jdbc.sql("DELETE FROM target WHERE id = ? AND version = ?").params(id, expectedVersion).update() == 1;
	}

	private String labelsJson(@Nullable Map<String, String> labels) {
		return labels == null ? "{}" : json.writeValueAsString(labels);
	}

	private TargetRow row(ResultSet rs, int rowNum) throws SQLException {
		return new TargetRow(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("jdbc_url"),
				rs.getString("username"), rs.getString("password_secret"), rs.getString("remediation_username"),
				rs.getString("remediation_password_secret"),
				new TreeMap<>(json.readValue(rs.getString("labels"), new TypeReference<Map<String, String>>() {
				})), json.readValue(rs.getString("options"), TargetOptions.class),
				rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
				rs.getInt("version"));
	}
}
