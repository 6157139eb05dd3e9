package dev.tidemark.targets;

/** The caller may not make this change to a target (it would lower the approvals its remediations need). */
public class TargetChangeNotAllowedException extends RuntimeException {

	public TargetChangeNotAllowedException(String message) {
		super(message);
	}
}
