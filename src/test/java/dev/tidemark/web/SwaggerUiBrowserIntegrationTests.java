package dev.tidemark.web;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.SqlScript;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Swagger UI as a person uses it, in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs): Authorize with HTTP Basic as operator, then "Try it out" on the contract upload (YAML
 * chosen as the request body type), a scan and the findings list of a target registered over HTTP. Every wait is on
 * page state (WebDriverWait), never on time.
 *
 * <p>
 * Without a Chromium or a chromedriver the test is skipped with the reason, except when {@code CI=true}: then it
 * fails. {@code TIDEMARK_CHROMIUM} and {@code TIDEMARK_CHROMEDRIVER} name other binaries.
 */
class SwaggerUiBrowserIntegrationTests extends ApiIntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static WebDriver driver;

	/** Why there is no browser, or null. */
	private static String missing;

	@BeforeAll
	static void startBrowser() {
		Optional<Path> chromium = executable("TIDEMARK_CHROMIUM", "chromium", "chromium-browser", "google-chrome");
		Optional<Path> chromedriver = executable("TIDEMARK_CHROMEDRIVER", "chromedriver");
		if (chromium.isEmpty() || chromedriver.isEmpty()) {
			missing = "Swagger UI browser test needs Chromium and chromedriver (apt-get install chromium "
					+ "chromium-driver): " + (chromium.isEmpty() ? "no chromium (TIDEMARK_CHROMIUM or on PATH)"
							: "no chromedriver (TIDEMARK_CHROMEDRIVER or on PATH)");
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				fail(missing + " (CI=true: a missing browser is a failure, not a skip)");
			}
			return;
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium.get().toFile());
		// root needs --no-sandbox; /dev/shm is small in containers
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1800",
				"--disable-gpu");
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(chromedriver.get().toFile())
			.usingAnyFreePort()
			.build();
		driver = new ChromeDriver(service, options);
	}

	/** Locally, a machine without the browser skips each test with the reason (so it shows as skipped). */
	@BeforeEach
	void browserPresent() {
		Assumptions.assumeTrue(missing == null, () -> missing);
	}

	@AfterAll
	static void stopBrowser() {
		if (driver != null) {
			driver.quit();
		}
	}

	@Test
	void anOperatorUploadsAYamlContractScansAndSeesFindingsThroughTryItOut() throws Throwable {
		TestPostgres.Database db = TestPostgres.newDatabase("swagger_word_game");
		try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
			SqlScript.run(c, resource("scenarios/word-game/drifted.sql"));
		}
		Map<String, Object> body = new HashMap<>(targetJson(db, "swagger-ui"));
		String targetId = (String) as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON)
			.body(body).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");

		try {
			driver.get("http://localhost:" + port + "/swagger-ui.html");
			WebDriverWait wait = new WebDriverWait(driver, WAIT);
			step("page");
			wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".opblock")));
			authorizeAsOperator(wait);
			step("authorized");

			// PUT /api/v1/targets/{targetId}/contract with application/yaml
			WebElement putContract = tryItOut(wait, "putContract");
			param(putContract, "targetId").sendKeys(targetId);
			new Select(putContract.findElement(By.cssSelector(".opblock-section-request-body select")))
				.selectByValue("application/yaml");
			WebElement text = wait.until(d -> putContract.findElement(By.cssSelector("textarea.body-param__text")));
			String contract = resource("scenarios/word-game/contract.yaml");
			paste(text, contract);
			wait.until(d -> contract.equals(text.getDomProperty("value")));
			step("yaml pasted");
			Response stored = execute(wait, putContract);
			step("contract");
			assertThat(stored.status()).as("contract upload: %s", stored.body()).isEqualTo("200");
			assertThat(stored.body()).contains("public.post_reactions");
			assertThat(stored.curl()).as("the request Swagger UI sent").contains("Content-Type: application/yaml");

			// POST /api/v1/targets/{targetId}/scans
			WebElement runScan = tryItOut(wait, "runScan");
			param(runScan, "targetId").sendKeys(targetId);
			Response scan = execute(wait, runScan);
			step("scan");
			assertThat(scan.status()).as("scan: %s", scan.body()).isEqualTo("201");
			assertThat(scan.body()).contains("\"status\": \"SUCCEEDED\"").contains(targetId);

			// GET /api/v1/findings?targetId=…
			WebElement listFindings = tryItOut(wait, "listFindings");
			param(listFindings, "targetId").sendKeys(targetId);
			Response findings = execute(wait, listFindings);
			step("findings");
			assertThat(findings.status()).as("findings: %s", findings.body()).isEqualTo("200");
			assertThat(findings.body()).contains(targetId).contains("missing-column").contains("scores.duration_sec");
			screenshot("swagger-ui-findings.png");
		}
		catch (Throwable t) {
			screenshot("swagger-ui-failure.png");
			throw t;
		}
	}

	private static final long START = System.nanoTime();

	private static void step(String what) {
		System.out.printf("swagger-ui: %s after %d ms%n", what, (System.nanoTime() - START) / 1_000_000);
	}

	/** Authorize → HTTP Basic (basicAuth) as operator → Close. */
	private void authorizeAsOperator(WebDriverWait wait) {
		click(wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".auth-wrapper button.authorize"))));
		WebElement username = wait.until(ExpectedConditions.visibilityOfElementLocated(
				By.cssSelector(".modal-ux input[aria-label='auth-basic-username'], .modal-ux input[name='username']")));
		WebElement form = username.findElement(By.xpath("./ancestor::form"));
		username.sendKeys("operator");
		form.findElement(By.cssSelector("input[type='password']")).sendKeys(PASSWORD);
		click(form.findElement(By.cssSelector("button[type='submit']")));
		// the form shows the user as authorized and offers Logout instead
		wait.until(d -> !d.findElements(By.xpath("//div[contains(@class,'modal-ux')]//button[normalize-space()='Logout']"))
			.isEmpty());
		click(driver.findElement(By.cssSelector(".modal-ux button.btn-done")));
		wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".modal-ux")));
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".auth-wrapper button.authorize.locked")));
	}

	/** Expands the operation and presses "Try it out". */
	private WebElement tryItOut(WebDriverWait wait, String operationId) {
		WebElement block = driver.findElements(By.cssSelector("div.opblock[id$='-" + operationId + "']")).get(0);
		click(block.findElement(By.cssSelector(".opblock-summary")));
		click(wait.until(d -> {
			List<WebElement> buttons = block.findElements(By.cssSelector("button.try-out__btn"));
			return buttons.isEmpty() || !buttons.get(0).isDisplayed() ? null : buttons.get(0);
		}));
		wait.until(d -> !block.findElements(By.cssSelector("button.execute")).isEmpty());
		return block;
	}

	private static WebElement param(WebElement block, String name) {
		return block.findElement(By.cssSelector("tr[data-param-name='" + name + "'] input"));
	}

	/** What Swagger UI shows after Execute: the server's status and body, and the request as curl. */
	record Response(String status, String body, String curl) {
	}

	/** Presses Execute and waits for the live response of the server. */
	private Response execute(WebDriverWait wait, WebElement block) {
		click(block.findElement(By.cssSelector("button.execute")));
		WebElement row = wait.until(d -> {
			List<WebElement> rows = block.findElements(By.cssSelector(".live-responses-table .response"));
			return rows.isEmpty() ? null : rows.get(0);
		});
		String status = row.findElement(By.cssSelector(".response-col_status")).getText().trim();
		List<String> bodies = new ArrayList<>();
		for (WebElement pre : row.findElements(By.cssSelector(".response-col_description pre"))) {
			bodies.add(pre.getText());
		}
		String curl = block.findElement(By.cssSelector(".curl-command")).getText();
		return new Response(status, String.join("\n", bodies), curl);
	}

	/**
	 * Replaces the text of a textarea as a paste does: one input event with the whole text. Typing it key by key
	 * works too, but each key re-renders Swagger UI's operation: that took two minutes for the contract on two cores.
	 */
	private void paste(WebElement textarea, String text) {
		((JavascriptExecutor) driver).executeScript("""
				const area = arguments[0];
				Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set.call(area, arguments[1]);
				area.dispatchEvent(new Event('input', {bubbles: true}));
				""", textarea, text);
	}

	private void click(WebElement element) {
		((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
		element.click();
	}

	/** A picture of the page in target/, to look at what the browser saw. */
	private static void screenshot(String name) {
		if (driver instanceof ChromeDriver chrome) {
			try {
				Path target = Path.of("target", name);
				Files.createDirectories(target.getParent());
				Files.copy(chrome.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
				System.err.println("Swagger UI screenshot: " + target.toAbsolutePath());
			}
			catch (Exception e) {
				System.err.println("No screenshot: " + e);
			}
		}
	}

	/** The binary an environment variable names, else the first of {@code names} on the PATH. */
	private static Optional<Path> executable(String envVar, String... names) {
		String explicit = System.getenv(envVar);
		if (explicit != null && !explicit.isBlank()) {
			return Optional.of(Path.of(explicit)).filter(Files::isExecutable);
		}
		String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
		return Stream.of(names)
			.flatMap(name -> Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name)))
			.filter(Files::isExecutable)
			.findFirst();
	}

	private static String resource(String path) throws Exception {
		try (var in = new ClassPathResource(path).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}
}
