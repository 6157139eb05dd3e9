/**
 * Typed schema changes: what a difference between a target and its reference (or a rule's finding) needs done, as
 * values. The reference comparison emits them, findings carry them as evidence, and the remediation module
 * renders each into SQL, so a change that no renderer handles does not compile.
 */
@NamedInterface("change")
@NullMarked
package dev.tidemark.checks.change;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
