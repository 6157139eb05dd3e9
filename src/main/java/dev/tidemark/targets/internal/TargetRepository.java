package dev.tidemark.targets.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.tidemark.common.Jsonb;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

interface TargetRepository extends ListCrudRepository<TargetRow, UUID> {

	Optional<TargetRow> findByName(String name);

	List<TargetRow> findAllByOrderByName();

	// hand-written: jsonb containment (labels @> selector) has no derived-query form
	@Query("SELECT * FROM target WHERE labels @> :selector ORDER BY name LIMIT :limit OFFSET :offset")
	List<TargetRow> findLabelled(Jsonb selector, int limit, long offset);

	@Query("SELECT count(*) FROM target WHERE labels @> :selector")
	long countLabelled(Jsonb selector);
}
