package dev.tidemark.checks;

import java.util.UUID;

public class ScanNotFoundException extends RuntimeException {

	public ScanNotFoundException(UUID scanId) {
		super("No scan with id " + scanId);
	}
}
