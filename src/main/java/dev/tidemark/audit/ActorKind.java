package dev.tidemark.audit;

/** Who acted: a person (HTTP Basic), a machine (API token) or Tidemark itself (scheduler, restart, demo data). */
public enum ActorKind {
	USER, TOKEN, SYSTEM;

	/**
	 * From the principal name the modules record: {@code token:<name>} is a token; {@code scheduler},
	 * {@code tidemark}, {@code tidemark-demo} and {@code remediation:<id>} (a verification scan) are Tidemark.
	 */
	public static ActorKind of(String actor) {
		if (actor.startsWith("token:")) {
			return TOKEN;
		}
		if (actor.equals("scheduler") || actor.equals("tidemark") || actor.equals("tidemark-demo")
				|| actor.startsWith("remediation:")) {
			return SYSTEM;
		}
		return USER;
	}
}
