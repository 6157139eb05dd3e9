package dev.tidemark.web;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.tidemark.checks.FindingNotFoundException;
import dev.tidemark.checks.IgnoreRuleNotFoundException;
import dev.tidemark.checks.FindingStateException;
import dev.tidemark.checks.InvalidReferenceException;
import dev.tidemark.checks.contract.ContractException;
import dev.tidemark.common.IdempotencyKeyReusedException;
import dev.tidemark.common.InvalidRequestException;
import dev.tidemark.common.PreconditionFailedException;
import dev.tidemark.common.StorableText;
import dev.tidemark.common.UnstorableTextException;
import dev.tidemark.remediation.RemediationException;
import dev.tidemark.inspection.InspectionException;
import dev.tidemark.checks.ScanNotFoundException;
import dev.tidemark.inspection.SnapshotNotFoundException;
import dev.tidemark.targets.InvalidTargetException;
import dev.tidemark.targets.TargetConnectionException;
import dev.tidemark.targets.TargetChangeNotAllowedException;
import dev.tidemark.targets.TargetNameTakenException;
import dev.tidemark.targets.TargetNotFoundException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps every exception to a problem detail with a stable type. Never puts class names, stack traces or secrets in
 * a response; unexpected errors get a reference id that is in the log.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	/** One invalid field or parameter: where and why. */
	record FieldProblem(String field, String message) {
	}

	@ExceptionHandler(TargetNotFoundException.class)
	ProblemDetail targetNotFound(TargetNotFoundException e) {
		ProblemDetail p = ProblemTypes.TARGET_NOT_FOUND.detail(HttpStatus.NOT_FOUND, e.getMessage());
		p.setProperty("targetId", e.targetId());
		return p;
	}

	@ExceptionHandler(SnapshotNotFoundException.class)
	ProblemDetail snapshotNotFound(SnapshotNotFoundException e) {
		return ProblemTypes.SNAPSHOT_NOT_FOUND.detail(HttpStatus.NOT_FOUND, e.getMessage());
	}

	@ExceptionHandler(ScanNotFoundException.class)
	ProblemDetail scanNotFound(ScanNotFoundException e) {
		return ProblemTypes.SCAN_NOT_FOUND.detail(HttpStatus.NOT_FOUND, e.getMessage());
	}

	@ExceptionHandler(FindingNotFoundException.class)
	ProblemDetail findingNotFound(FindingNotFoundException e) {
		return ProblemTypes.FINDING_NOT_FOUND.detail(HttpStatus.NOT_FOUND, e.getMessage());
	}

	@ExceptionHandler(IgnoreRuleNotFoundException.class)
	ProblemDetail ignoreRuleNotFound(IgnoreRuleNotFoundException e) {
		return ProblemTypes.IGNORE_RULE_NOT_FOUND.detail(HttpStatus.NOT_FOUND, e.getMessage());
	}

	@ExceptionHandler(FindingStateException.class)
	ProblemDetail findingState(FindingStateException e) {
		return ProblemTypes.FINDING_STATE_CONFLICT.detail(HttpStatus.CONFLICT, e.getMessage());
	}

	/** Every problem of the document at once, each with its path and, where known, line and column. */
	@ExceptionHandler(ContractException.class)
	ProblemDetail invalidContract(ContractException e) {
		ProblemDetail p = ProblemTypes.INVALID_CONTRACT.detail(HttpStatus.BAD_REQUEST,
				e.problems().size() + " problem(s) in the contract; the previous contract stays in force. First: "
						+ e.problems().get(0));
		p.setProperty("errors", e.problems());
		return p;
	}

	@ExceptionHandler(InvalidReferenceException.class)
	ProblemDetail invalidReference(InvalidReferenceException e) {
		ProblemDetail p = ProblemTypes.INVALID_REFERENCE.detail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
		p.setProperty("errors", List.of(new FieldProblem(e.field(), e.getMessage())));
		return p;
	}

	@ExceptionHandler(RemediationException.class)
	ProblemDetail remediation(RemediationException e) {
		ProblemDetail p = switch (e.reason()) {
			case NOT_FOUND -> ProblemTypes.REMEDIATION_NOT_FOUND.detail(HttpStatus.NOT_FOUND, e.getMessage());
			case INVALID_FINDINGS -> ProblemTypes.INVALID_FINDINGS.detail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
			case REFUSED -> ProblemTypes.REMEDIATION_REFUSED.detail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
			case STATE_CONFLICT -> ProblemTypes.REMEDIATION_STATE_CONFLICT.detail(HttpStatus.CONFLICT, e.getMessage());
			case TARGET_BUSY -> ProblemTypes.REMEDIATION_TARGET_BUSY.detail(HttpStatus.CONFLICT, e.getMessage());
			case STALE -> ProblemTypes.REMEDIATION_STALE.detail(HttpStatus.CONFLICT, e.getMessage());
			case NOT_ALLOWED -> ProblemTypes.REMEDIATION_NOT_ALLOWED.detail(HttpStatus.FORBIDDEN, e.getMessage());
		};
		if (!e.details().isEmpty()) {
			p.setProperty("refusals", e.details());
		}
		return p;
	}

	@ExceptionHandler(TargetChangeNotAllowedException.class)
	ProblemDetail targetChangeNotAllowed(TargetChangeNotAllowedException e) {
		return ProblemTypes.FORBIDDEN.detail(HttpStatus.FORBIDDEN, e.getMessage());
	}

	@ExceptionHandler(TargetNameTakenException.class)
	ProblemDetail nameTaken(TargetNameTakenException e) {
		ProblemDetail p = ProblemTypes.TARGET_NAME_TAKEN.detail(HttpStatus.CONFLICT, e.getMessage());
		p.setProperty("errors", List.of(new FieldProblem("name", e.getMessage())));
		return p;
	}

	@ExceptionHandler(InvalidTargetException.class)
	ProblemDetail invalidTarget(InvalidTargetException e) {
		return validation(List.of(new FieldProblem(e.field(), e.getMessage())));
	}

	@ExceptionHandler(InvalidRequestException.class)
	ProblemDetail invalidRequest(InvalidRequestException e) {
		return validation(List.of(new FieldProblem(e.parameter(), e.getMessage())));
	}

	/** 412: someone changed (or created, or removed) the resource since the client read it. */
	@ExceptionHandler(PreconditionFailedException.class)
	ProblemDetail preconditionFailed(PreconditionFailedException e) {
		return ProblemTypes.PRECONDITION_FAILED.detail(HttpStatus.PRECONDITION_FAILED, e.getMessage());
	}

	/** A write lost a race it did not ask to be told about (no If-Match): retrying is safe. */
	@ExceptionHandler(OptimisticLockingFailureException.class)
	ProblemDetail changedConcurrently(OptimisticLockingFailureException e) {
		return ProblemTypes.CONFLICT.detail(HttpStatus.CONFLICT, String.valueOf(e.getMessage()));
	}

	/** 422: the request itself is fine, but the key it carries already stands for another one. */
	@ExceptionHandler(IdempotencyKeyReusedException.class)
	ProblemDetail idempotencyKeyReused(IdempotencyKeyReusedException e) {
		ProblemDetail p = ProblemTypes.IDEMPOTENCY_KEY_REUSED.detail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
		p.setProperty("errors", List.of(new FieldProblem("Idempotency-Key", e.getMessage())));
		return p;
	}

	/** The target answered badly or not at all: 422, because the request was fine but the target is not usable. */
	@ExceptionHandler(TargetConnectionException.class)
	ProblemDetail targetConnection(TargetConnectionException e) {
		ProblemTypes type = switch (e.reason()) {
			case UNREACHABLE -> ProblemTypes.TARGET_UNREACHABLE;
			case AUTHENTICATION_FAILED -> ProblemTypes.TARGET_AUTHENTICATION_FAILED;
			case DATABASE_NOT_FOUND -> ProblemTypes.TARGET_DATABASE_NOT_FOUND;
			case PERMISSION_DENIED -> ProblemTypes.TARGET_PERMISSION_DENIED;
			case TIMEOUT -> ProblemTypes.TARGET_TIMEOUT;
			case TOO_MANY_CONNECTIONS -> ProblemTypes.TARGET_BUSY;
			case UNSUPPORTED_SERVER -> ProblemTypes.TARGET_UNSUPPORTED;
			case OTHER -> ProblemTypes.TARGET_CONNECTION_FAILED;
		};
		ProblemDetail p = type.detail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
		if (e.sqlState() != null) {
			p.setProperty("sqlState", e.sqlState());
		}
		return p;
	}

	@ExceptionHandler(InspectionException.class)
	ProblemDetail inspectionFailed(InspectionException e) {
		ProblemDetail p = ProblemTypes.INSPECTION_FAILED.detail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
		if (e.sqlState() != null) {
			p.setProperty("sqlState", e.sqlState());
		}
		return p;
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
		Class<?> type = e.getRequiredType();
		if (type != null && Collection.class.isAssignableFrom(type)) {
			type = e.getParameter().nested().getNestedParameterType(); // element type of a repeatable parameter
		}
		String expected = type == null ? "another type" : type.getSimpleName();
		if (type == UUID.class) {
			expected = "a UUID";
		}
		else if (type != null && type.isEnum()) {
			expected = "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(String::valueOf).toList();
		}
		return validation(List.of(new FieldProblem(e.getName(), "must be " + expected)));
	}

	/** Spring Security's firewall, which reads parameter names lazily, refused the request: the client's fault. */
	@ExceptionHandler(RequestRejectedException.class)
	ProblemDetail requestRejected(RequestRejectedException e) {
		return ProblemTypes.MALFORMED_REQUEST.detail(HttpStatus.BAD_REQUEST,
				StorableText.sanitized(String.valueOf(e.getMessage())));
	}

	@ExceptionHandler(Exception.class)
	ProblemDetail unexpected(Exception e) throws Exception {
		if (e instanceof AccessDeniedException || e instanceof AuthenticationException) {
			throw e; // the security filter chain answers these as 401/403 problem details
		}
		String reference = UUID.randomUUID().toString();
		log.error("Unexpected error, reference {}", reference, e);
		ProblemDetail p = ProblemTypes.INTERNAL_ERROR.detail(HttpStatus.INTERNAL_SERVER_ERROR,
				"An unexpected error occurred; the server log has the details under reference " + reference);
		p.setProperty("reference", reference);
		return p;
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map(ApiExceptionHandler::fieldProblem)
			.sorted(java.util.Comparator.comparing(FieldProblem::field))
			.toList();
		List<FieldProblem> global = ex.getBindingResult()
			.getGlobalErrors()
			.stream()
			.map(g -> new FieldProblem(g.getObjectName(), String.valueOf(g.getDefaultMessage())))
			.toList();
		return ResponseEntity.badRequest().body(validation(concat(errors, global)));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
			HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap(r -> r.getResolvableErrors()
				.stream()
				.map(err -> new FieldProblem(String.valueOf(r.getMethodParameter().getParameterName()),
						String.valueOf(err.getDefaultMessage()))))
			.toList();
		return ResponseEntity.badRequest().body(validation(errors));
	}

	/** A body that reads but holds text the store cannot hold is a validation error naming the field. */
	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = ex.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
			if (cause instanceof UnstorableTextException unstorable) {
				return ResponseEntity.badRequest()
					.contentType(MediaType.APPLICATION_PROBLEM_JSON)
					.body(validation(List.of(new FieldProblem(path(unstorable), unstorable.reason()))));
			}
			if (cause instanceof UnrecognizedPropertyException unknown) {
				return ResponseEntity.badRequest()
					.contentType(MediaType.APPLICATION_PROBLEM_JSON)
					.body(unknownProperty(unknown));
			}
			if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()
					&& mismatch.getTargetType() != null) {
				return ResponseEntity.badRequest()
					.contentType(MediaType.APPLICATION_PROBLEM_JSON)
					.body(validation(List.of(new FieldProblem(shortened(StorableText.sanitized(path(mismatch))),
							"must be " + expected(mismatch.getTargetType())))));
			}
		}
		return super.handleHttpMessageNotReadable(ex, headers, status, request);
	}

	/**
	 * "Unknown property 'kind' in the request body; known properties: ruleId, objectKind, …", or "… in options of
	 * the request body" when nested; the field names the whole path, as validation errors do.
	 */
	private static ProblemDetail unknownProperty(UnrecognizedPropertyException e) {
		String name = shortened(StorableText.sanitized(String.valueOf(e.getPropertyName())));
		String field = shortened(StorableText.sanitized(path(e)));
		String where = field.equals(name) || !field.endsWith("." + name) ? "the request body"
				: field.substring(0, field.length() - name.length() - 1) + " of the request body";
		String known = e.getKnownPropertyIds() == null ? ""
				: e.getKnownPropertyIds().stream().map(String::valueOf).collect(Collectors.joining(", "));
		String message = "unknown property" + (known.isEmpty() ? "" : "; known properties: " + known);
		ProblemDetail p = ProblemTypes.VALIDATION.detail(HttpStatus.BAD_REQUEST,
				"Unknown property '" + name + "' in " + where + (known.isEmpty() ? "" : "; known properties: " + known));
		p.setProperty("errors", List.of(new FieldProblem(field, message)));
		return p;
	}

	/** What a field of {@code type} takes, in the contract's words (the value sent is not echoed). */
	private static String expected(Class<?> type) {
		if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
			return "a whole number written as a JSON number, without a fraction or quotes (5, not 5.0 or \"5\")";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false, without quotes";
		}
		if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
			return "a JSON number, without quotes";
		}
		if (type == String.class || CharSequence.class.isAssignableFrom(type)) {
			return "a JSON string";
		}
		if (Map.class.isAssignableFrom(type)) {
			return "a JSON object";
		}
		if (Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "a JSON array";
		}
		if (type.isEnum()) {
			return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
				.collect(Collectors.joining(", "));
		}
		return "a value of the type the contract gives it";
	}

	/** Echoes at most 100 characters of a name the client sent. */
	private static String shortened(String text) {
		return text.length() <= 100 ? text : text.substring(0, 100) + "…";
	}

	/** {@code labels.env}, {@code findingIds[0]}: the way the validation errors name fields. */
	private static String path(DatabindException e) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference ref : e.getPath()) {
			if (ref.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
			}
			else if (ref.getIndex() >= 0) {
				path.append('[').append(ref.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? "(body)" : path.toString();
	}

	/** Spring's own exceptions (bad JSON, 405, 415, unknown path): same shape, stable types. */
	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem && (problem.getType() == null
				|| "about:blank".equals(String.valueOf(problem.getType())))) {
			ProblemTypes type = ProblemTypes.forStatus(statusCode.value());
			problem.setType(type.uri());
			problem.setTitle(type.title());
			if (statusCode.value() == 400 && problem.getDetail() != null
					&& problem.getDetail().startsWith("Failed to read request")) {
				problem.setDetail("The request body is not valid JSON for this operation");
			}
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private static ProblemDetail validation(List<FieldProblem> errors) {
		String detail = errors.isEmpty() ? "The request is not valid"
				: errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElseThrow();
		ProblemDetail p = ProblemTypes.VALIDATION.detail(HttpStatus.BAD_REQUEST, detail);
		p.setProperty("errors", errors);
		return p;
	}

	private static FieldProblem fieldProblem(FieldError error) {
		return new FieldProblem(error.getField(), String.valueOf(error.getDefaultMessage()));
	}

	private static <T> List<T> concat(List<T> a, List<T> b) {
		return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
	}

}
