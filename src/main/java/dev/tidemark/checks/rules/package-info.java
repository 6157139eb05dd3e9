/**
 * The rule catalog: one small, final, package-private class per rule. Rules read the check context only; they
 * never touch a database.
 */
@NullMarked
package dev.tidemark.checks.rules;

import org.jspecify.annotations.NullMarked;
