package dev.tidemark.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tidemark.support.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every API path the README and the design document quote exists in the OpenAPI document the service serves, and
 * where the text names a method ({@code POST /api/v1/remediations}) the path has it. Paths are taken from
 * {@code /api/v1/...} and from the README's {@code $B/...} (its {@code B=http://localhost:8080/api/v1}); a segment
 * written as {@code {id}}, {@code $ID} or {@code <findingId>} must be a path variable there. Shorthand with
 * {@code …} is left out. The curl examples themselves are not run.
 */
class ReadmeEndpointsTests extends ApiIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** A quoted path: the method written before it (or null) and the path after {@code /api/v1}. */
	record Quoted(String file, String method, String path) {
	}

	private static final Pattern PATH = Pattern
		.compile("(?:\\b(GET|POST|PUT|DELETE)\\s+)?(?:/api/v1|\\$B)((?:/[A-Za-z0-9_{}$<>.-]+)+)");

	@Test
	void everyQuotedEndpointIsServed() throws IOException {
		JsonNode paths = JSON.readTree(http.get().uri("/v3/api-docs").exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody()).path("paths");
		List<String> served = new ArrayList<>(paths.propertyNames());
		assertThat(served).isNotEmpty();

		List<Quoted> quoted = new ArrayList<>();
		for (String file : List.of("README.md", "docs/design.md")) {
			quoted.addAll(quoted(file, Files.readString(Path.of(file))));
		}
		assertThat(quoted).as("paths found in the README").hasSizeGreaterThan(20);

		List<String> problems = new ArrayList<>();
		for (Quoted q : quoted) {
			String template = served.stream().filter(s -> matches(q.path(), s.substring("/api/v1".length())))
				.findFirst().orElse(null);
			if (template == null) {
				problems.add(q.file() + ": /api/v1" + q.path() + " is not an endpoint");
			}
			else if (q.method() != null && !paths.path(template).has(q.method().toLowerCase(Locale.ROOT))) {
				problems.add(q.file() + ": " + q.method() + " /api/v1" + q.path() + " is not supported (" + template
						+ ")");
			}
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void placeholdersMatchPathVariablesOnly() {
		assertThat(matches("/targets/$ID/scans", "/targets/{targetId}/scans")).isTrue();
		assertThat(matches("/findings/<findingId>/suppression", "/findings/{findingId}/suppression")).isTrue();
		assertThat(matches("/targets/{id}", "/targets/{targetId}")).isTrue();
		assertThat(matches("/findings/summary", "/findings/{findingId}")).isFalse();
		assertThat(matches("/targets/$ID", "/targets")).isFalse();
		assertThat(quoted("x", "curl $B/targets/$ID/gate?maxSeverity=HIGH and `POST /api/v1/remediations` or …/x"))
			.containsExactly(new Quoted("x", null, "/targets/$ID/gate"), new Quoted("x", "POST", "/remediations"));
	}

	private static List<Quoted> quoted(String file, String text) {
		Set<Quoted> found = new LinkedHashSet<>();
		Matcher m = PATH.matcher(text);
		while (m.find()) {
			String path = m.group(2).replaceAll("[.]+$", "");
			found.add(new Quoted(file, m.group(1), path));
		}
		return List.copyOf(found);
	}

	/** Whether a quoted path is the served template, its placeholders standing for the template's variables. */
	private static boolean matches(String quoted, String template) {
		String[] q = quoted.split("/");
		String[] t = template.split("/");
		if (q.length != t.length) {
			return false;
		}
		for (int i = 0; i < q.length; i++) {
			boolean placeholder = q[i].startsWith("$") || q[i].startsWith("{") || q[i].startsWith("<");
			boolean variable = t[i].startsWith("{");
			if (placeholder != variable || (!placeholder && !q[i].equals(t[i]))) {
				return false;
			}
		}
		return true;
	}
}
