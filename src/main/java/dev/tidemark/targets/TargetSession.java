package dev.tidemark.targets;

import java.sql.Connection;

/**
 * An open connection to a target, counted against the target's pool size until closed. Closing it closes the
 * connection.
 */
public interface TargetSession extends AutoCloseable {

	Connection connection();

	Target target();

	@Override
	void close();
}
