package dev.tidemark.inspection.internal;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tidemark.snapshots.retention}: snapshots older than this are deleted unless something needs them
 * ({@code 90d} in application.yaml; {@code 0} or empty keeps them forever: the default lives there because the
 * binder would put an annotated default back in place of an empty value), then unreachable parts are collected,
 * every {@code prune-interval}.
 */
@ConfigurationProperties("tidemark.snapshots")
record SnapshotSettings(@Nullable Duration retention, @DefaultValue("6h") Duration pruneInterval) {
}
