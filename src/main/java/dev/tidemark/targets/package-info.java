/**
 * Registered databases: their connection details, encrypted credentials and options, and the only way to open a
 * connection to one.
 */
@ApplicationModule(allowedDependencies = { "common" })
@NullMarked
package dev.tidemark.targets;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
