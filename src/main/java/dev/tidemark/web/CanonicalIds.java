package dev.tidemark.web;

import java.beans.PropertyEditorSupport;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Ids in paths and query parameters are UUIDs in their one canonical shape. Spring's own reading takes a blank value
 * as absent ({@code ?targetId=%20} would list every target's findings) and {@link UUID#fromString} accepts shortened
 * groups ({@code 1-1-1-1-1}); a binder's own editor is the one reading with no lenient fallback behind it.
 */
@ControllerAdvice
class CanonicalIds {

	private static final Pattern CANONICAL = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	@InitBinder
	void strictIds(WebDataBinder binder) {
		binder.registerCustomEditor(UUID.class, new PropertyEditorSupport() {
			@Override
			public void setAsText(String text) {
				if (!CANONICAL.matcher(text).matches()) {
					throw new IllegalArgumentException("not a UUID");
				}
				setValue(UUID.fromString(text));
			}
		});
	}
}
