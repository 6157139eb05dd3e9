package dev.tidemark.notifications.internal;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.relational.core.sql.LockMode;
import org.springframework.data.relational.repository.Lock;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.ListPagingAndSortingRepository;

interface SubscriptionRepository extends ListCrudRepository<SubscriptionRow, UUID>,
		ListPagingAndSortingRepository<SubscriptionRow, UUID> {

	@Lock(LockMode.PESSIMISTIC_WRITE)
	Optional<SubscriptionRow> findLockedById(UUID id);
}
