package dev.tidemark.security;

/**
 * The four roles. ADMIN includes OPERATOR and APPROVER, and both include VIEWER; approval rules (never the
 * proposer) are enforced by the workflow, not by the hierarchy.
 */
public enum Role {
	VIEWER, OPERATOR, APPROVER, ADMIN;

	public String authority() {
		return "ROLE_" + name();
	}
}
