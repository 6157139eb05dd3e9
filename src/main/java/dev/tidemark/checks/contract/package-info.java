/** The contract document: what the applications expect of a target, its parsing, validation and generation. */
@NamedInterface("contract")
@NullMarked
package dev.tidemark.checks.contract;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
