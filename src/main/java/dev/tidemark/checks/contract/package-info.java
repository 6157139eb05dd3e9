/**
 * The contract document: what the applications expect of a target. Parsing (YAML or JSON) with pointed errors,
 * validation of contradictions, type-name and interval comparison as PostgreSQL does it, and generation from a
 * snapshot.
 */
@NamedInterface("contract")
@NullMarked
package dev.tidemark.checks.contract;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
