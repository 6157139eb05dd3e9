package dev.tidemark.common;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads for the service's own background work: they never keep a stopping JVM alive. */
public final class DaemonThreads {

	private DaemonThreads() {
	}

	/** Threads named {@code name}, or {@code name-1}, {@code name-2}, ... when {@code numbered}. */
	public static ThreadFactory named(String name, boolean numbered) {
		AtomicInteger n = new AtomicInteger();
		return runnable -> {
			Thread thread = new Thread(runnable, numbered ? name + "-" + n.incrementAndGet() : name);
			thread.setDaemon(true);
			return thread;
		};
	}

	/** One daemon thread named {@code name} that runs scheduled tasks. */
	public static ScheduledExecutorService scheduler(String name) {
		return Executors.newSingleThreadScheduledExecutor(named(name, false));
	}
}
