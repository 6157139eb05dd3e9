package dev.tidemark.common;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting for work handed to another thread as if it had run on this one. */
public final class Futures {

	private Futures() {
	}

	/** The result, or the work's own runtime exception (not wrapped in a CompletionException). */
	public static <T> T joined(CompletableFuture<T> future) {
		try {
			return future.join();
		}
		catch (CompletionException e) {
			throw e.getCause() instanceof RuntimeException cause ? cause : e;
		}
	}
}
