package dev.tidemark.security.internal;

/** A live (unexpired) API token already has this name: a name identifies one live token in the audit trail. */
class ApiTokenNameTakenException extends RuntimeException {

	ApiTokenNameTakenException(String name) {
		super("A live API token named '" + name + "' already exists; revoke it, let it expire or pick another name");
	}
}
