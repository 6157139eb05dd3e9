package dev.tidemark.common;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * An instant the store can hold and a person can mean: years 1 to 9999. Java reads far more ({@code +999999999-…});
 * PostgreSQL's timestamptz does not, and the first statement to meet one would fail (a 500) instead of a 400.
 */
@Documented
@Constraint(validatedBy = StorableInstant.Check.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface StorableInstant {

	Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

	Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

	String message() default "must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Null passes: whether a value is required is {@code @NotNull}'s to say. */
	final class Check implements ConstraintValidator<StorableInstant, Instant> {

		@Override
		public boolean isValid(Instant value, ConstraintValidatorContext context) {
			return value == null || !value.isBefore(EARLIEST) && !value.isAfter(LATEST);
		}
	}
}
