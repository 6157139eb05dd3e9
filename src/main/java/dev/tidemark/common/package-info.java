/** Small value types every module's HTTP API shares (pages of results, the calling human and credential). */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
@NullMarked
package dev.tidemark.common;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
