/** Cross-cutting HTTP: one error vocabulary (problem details with stable type URIs) and the OpenAPI document. */
@ApplicationModule(allowedDependencies = { "common", "targets", "inspection", "inspection :: model", "checks", "checks :: contract", "remediation" })
@NullMarked
package dev.tidemark.web;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
