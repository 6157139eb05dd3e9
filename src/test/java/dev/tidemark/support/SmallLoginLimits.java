package dev.tidemark.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

/**
 * Login throttling small enough to reach in a test: 3 failures per user name, 6 per client address, in a window
 * long enough that nothing refills while a test runs. Every test class with it shares one application context (a
 * different one from the other {@link ApiIntegrationTest}s, whose limits stay the defaults), so each test uses its
 * own names and client addresses ({@link ApiIntegrationTest#from}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@TestPropertySource(properties = { "tidemark.security.login-throttle.per-user=3",
		"tidemark.security.login-throttle.per-address=6", "tidemark.security.login-throttle.window=1h" })
public @interface SmallLoginLimits {
}
