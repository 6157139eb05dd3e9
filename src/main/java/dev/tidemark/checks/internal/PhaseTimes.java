package dev.tidemark.checks.internal;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import dev.tidemark.checks.Scan;

/** Time per scan phase; a phase timed twice adds up. Thread-safe: serializing runs beside the rules. */
final class PhaseTimes {

	private final Map<Scan.Phase, Long> nanos = new EnumMap<>(Scan.Phase.class);

	<T> T time(Scan.Phase phase, Supplier<T> work) {
		long start = System.nanoTime();
		try {
			return work.get();
		}
		finally {
			add(phase, System.nanoTime() - start);
		}
	}

	void add(Scan.Phase phase, Duration duration) {
		add(phase, duration.toNanos());
	}

	private synchronized void add(Scan.Phase phase, long elapsed) {
		nanos.merge(phase, elapsed, Long::sum);
	}

	/** Milliseconds per phase that ran, in phase order. */
	synchronized Map<String, Long> millis() {
		Map<String, Long> millis = new LinkedHashMap<>();
		nanos.forEach((phase, elapsed) -> millis.put(phase.key(), Math.round(elapsed / 1e6)));
		return millis;
	}

	synchronized Map<Scan.Phase, Duration> durations() {
		Map<Scan.Phase, Duration> durations = new EnumMap<>(Scan.Phase.class);
		nanos.forEach((phase, elapsed) -> durations.put(phase, Duration.ofNanos(elapsed)));
		return durations;
	}
}
