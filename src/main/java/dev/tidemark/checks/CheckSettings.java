package dev.tidemark.checks;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Thresholds of the health rules.
 *
 * @param partitionPremake partitions expected ahead of now when neither the contract nor pg_partman says
 * @param staleLockAfter a Liquibase lock older than this with no live holder is stale
 * @param sequenceWarnPercent share of a sequence's range used that makes it a finding (HIGH)
 * @param sequenceCriticalPercent share used that makes it CRITICAL
 */
@ConfigurationProperties("tidemark.checks")
public record CheckSettings(@DefaultValue("3") int partitionPremake, @DefaultValue("15m") Duration staleLockAfter,
		@DefaultValue("75") double sequenceWarnPercent, @DefaultValue("90") double sequenceCriticalPercent) {

	public static CheckSettings defaults() {
		return new CheckSettings(3, Duration.ofMinutes(15), 75, 90);
	}
}
