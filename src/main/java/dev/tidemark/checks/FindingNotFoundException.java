package dev.tidemark.checks;

import java.util.UUID;

public class FindingNotFoundException extends RuntimeException {

	public FindingNotFoundException(UUID findingId) {
		super("No finding with id " + findingId);
	}
}
