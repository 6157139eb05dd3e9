@NullMarked
package dev.tidemark.remediation.internal;

import org.jspecify.annotations.NullMarked;
