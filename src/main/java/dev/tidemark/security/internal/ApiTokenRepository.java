package dev.tidemark.security.internal;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.relational.core.sql.LockMode;
import org.springframework.data.relational.repository.Lock;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.ListPagingAndSortingRepository;
import org.springframework.transaction.annotation.Transactional;

interface ApiTokenRepository extends ListCrudRepository<ApiTokenRow, UUID>,
		ListPagingAndSortingRepository<ApiTokenRow, UUID> {

	/**
	 * Serializes creations of one name until the calling transaction ends, so that checking for a live token of that
	 * name and inserting one cannot interleave (READ COMMITTED: the second caller's check sees the first's row).
	 */
	// hand-written: a transaction-scoped advisory lock, no row to lock yet
	@Query("SELECT true FROM pg_advisory_xact_lock(hashtextextended('tidemark.api_token:' || :name, 0))")
	boolean lockName(String name);

	boolean existsByNameAndExpiresAtAfter(String name, Instant now);

	Optional<ApiTokenRow> findByTokenSha256(String tokenSha256);

	@Lock(LockMode.PESSIMISTIC_WRITE)
	Optional<ApiTokenRow> findLockedById(UUID id);

	/** Records use at most once a minute, so busy tokens do not turn every read into a write. */
	// hand-written: one conditional UPDATE on the request path, no read first; a use is not an edit (no version)
	@Modifying
	@Transactional
	@Query("UPDATE api_token SET last_used_at = :now WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :before)")
	void touch(UUID id, Instant now, Instant before);
}
