/**
 * Who may call what: HTTP Basic for configured users, bearer API tokens for machines, four roles in a hierarchy,
 * and 401/403 answered as problem details like every other error.
 */
@ApplicationModule(allowedDependencies = { "web", "common" })
@NullMarked
package dev.tidemark.security;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
