package dev.tidemark.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One line per fault run in {@code target/fault-outcomes.csv} (appended, so several Maven runs add up):
 * {@code when,fault,run,outcome,seconds,detail}. docs/reliability.md takes its counts from this file.
 */
final class FaultOutcomes {

	/** How a run ended. */
	enum Outcome {
		/** The interrupted execution (or the one that ran) ended VERIFIED without a retry. */
		VERIFIED_DIRECTLY,
		/** It ended FAILED with a reason, and one retry ({@code POST …/executions}) ended VERIFIED. */
		FAILED_THEN_RETRY_VERIFIED,
		/** Anything else: stuck, STALE, a failed assertion; the detail says what. */
		OTHER
	}

	static final Path FILE = Path.of("target", "fault-outcomes.csv");

	private FaultOutcomes() {
	}

	static synchronized void record(String fault, int run, Outcome outcome, double seconds, String detail) {
		try {
			Files.createDirectories(FILE.getParent());
			if (!Files.exists(FILE)) {
				Files.writeString(FILE, "when,fault,run,outcome,seconds,detail\n", StandardCharsets.UTF_8);
			}
			String line = String.join(",", Instant.now().toString(), fault, String.valueOf(run), outcome.name(),
					String.format(java.util.Locale.ROOT, "%.1f", seconds),
					"\"" + detail.replace("\"", "'").replaceAll("\\s+", " ") + "\"") + "\n";
			Files.writeString(FILE, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
