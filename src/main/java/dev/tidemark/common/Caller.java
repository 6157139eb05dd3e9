package dev.tidemark.common;

import java.security.Principal;

import org.springframework.security.core.Authentication;

/**
 * Who is calling: the credential that authenticated ({@code alice}, or {@code token:release-pipeline} for an API
 * token) and the human it traces back to (the token's owner: the person who created it, or whose token created it).
 * Checks meant for two people compare {@link #human()}, never {@link #name()}.
 */
public record Caller(String name, String human) implements Principal {

	public static final String TOKEN_PREFIX = "token:";

	@Override
	public String getName() {
		return name;
	}

	public boolean isToken() {
		return name.startsWith(TOKEN_PREFIX);
	}

	/** A person who signed in with their own password: credential and human are the same name. */
	public static Caller user(String username) {
		return new Caller(username, username);
	}

	/**
	 * The caller behind a request's principal: the {@link Caller} the bearer-token filter put there, else (HTTP Basic)
	 * the user name itself.
	 */
	public static Caller of(Principal principal) {
		if (principal instanceof Caller caller) {
			return caller;
		}
		if (principal instanceof Authentication authentication && authentication.getPrincipal() instanceof Caller caller) {
			return caller;
		}
		return user(principal.getName());
	}

	/** "alice" for a person, "token:ci (owner alice)" for a token: how messages name a caller. */
	public String describe() {
		return isToken() ? name + " (owner " + human + ")" : name;
	}
}
