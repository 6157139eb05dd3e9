package dev.tidemark.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.tidemark.TidemarkApplication;
import dev.tidemark.support.TestPostgres;

/**
 * Tidemark as a child JVM: {@code java -cp <this JVM's class path> dev.tidemark.TidemarkApplication --…} on a free
 * port against a store database, its output in {@code target/fault-logs/<name>.log}. {@link #kill()} is SIGKILL
 * ({@link Process#destroyForcibly()} on Linux: no shutdown hook, no connection closed politely, exactly what
 * {@code kill -9} does); {@link #stop()} is SIGTERM. Several may run on one store (a restart, or a second replica).
 */
final class TidemarkProcess implements AutoCloseable {

	static final String PASSWORD = "fault-password";

	/** Users of every child: the four-eyes workflow needs a proposer and an approver who differ. */
	static final Map<String, String> USERS = Map.of("operator", "OPERATOR", "approver", "APPROVER", "viewer",
			"VIEWER", "admin", "ADMIN");

	static final Path LOGS = Path.of("target", "fault-logs");

	/** Every child still alive, killed if the test JVM goes away first (no orphan JVM outlives a run). */
	private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
	}

	private final String name;

	private final Process process;

	private final int port;

	private final Path log;

	private final Instant startedAt;

	private TidemarkProcess(String name, Process process, int port, Path log, Instant startedAt) {
		this.name = name;
		this.process = process;
		this.port = port;
		this.log = log;
		this.startedAt = startedAt;
	}

	/**
	 * Starts a child on {@code store} with the given extra properties ({@code key → value}, passed as
	 * {@code --key=value}) and waits until {@code /actuator/health} answers UP.
	 */
	static TidemarkProcess start(String name, TestPostgres.Database store, Map<String, String> properties,
			Duration startupDeadline) {
		int port = freePort();
		Map<String, String> args = new LinkedHashMap<>();
		args.put("server.port", String.valueOf(port));
		args.put("tidemark.store.url", store.jdbcUrl());
		args.put("tidemark.store.username", store.username());
		args.put("tidemark.store.password", store.password());
		// every child shares one secret key: a target registered by one is readable by the next
		args.put("tidemark.secret-key", Base64.getEncoder().encodeToString(new byte[32]));
		args.put("tidemark.checks.schedule-initial-delay", "24h");
		args.put("spring.main.banner-mode", "off");
		USERS.forEach((user, role) -> {
			args.put("tidemark.security.users." + user + ".password", "{noop}" + PASSWORD);
			args.put("tidemark.security.users." + user + ".roles", role);
		});
		args.putAll(properties);

		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		// small and quick to start: two cores are shared by the test JVM, the store, the target and two children
		command.addAll(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k"));
		// surefire's class path (a manifest-only booter jar works too: its Class-Path is honoured)
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), TidemarkApplication.class.getName()));
		args.forEach((k, v) -> command.add("--" + k + "=" + v));

		Path log = LOGS.resolve(name + ".log");
		Process process;
		Instant startedAt = Instant.now();
		try {
			Files.createDirectories(LOGS);
			// a working directory of its own: the project folder on an implicit "." class path entry would hold a
			// second db-changelog/, and nothing the child writes lands in the worktree
			Path work = Files.createDirectories(LOGS.resolve(name + "-work"));
			process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
				.start();
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not start Tidemark child JVM " + name, e);
		}
		LIVE.add(process);
		TidemarkProcess child = new TidemarkProcess(name, process, port, log, startedAt);
		child.awaitHealthy(startupDeadline);
		return child;
	}

	private void awaitHealthy(Duration deadline) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		Instant until = Instant.now().plus(deadline);
		String last = "no answer";
		while (Instant.now().isBefore(until)) {
			if (!process.isAlive()) {
				throw new AssertionError("Tidemark child " + name + " exited with " + process.exitValue()
						+ " before it was healthy; log " + log + ":\n" + tail(80));
			}
			try {
				HttpResponse<String> r = http.send(
						HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health")).timeout(Duration.ofSeconds(2))
							.build(),
						HttpResponse.BodyHandlers.ofString());
				last = r.statusCode() + " " + r.body();
				if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
					return;
				}
			}
			catch (IOException e) {
				last = e.toString();
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new AssertionError(e);
			}
			pause(200);
		}
		kill();
		throw new AssertionError("Tidemark child " + name + " was not healthy within " + deadline + " (last: " + last
				+ "); log " + log + ":\n" + tail(80));
	}

	String name() {
		return name;
	}

	String baseUrl() {
		return "http://127.0.0.1:" + port;
	}

	long pid() {
		return process.pid();
	}

	Instant startedAt() {
		return startedAt;
	}

	boolean isAlive() {
		return process.isAlive();
	}

	/** kill -9: the JVM ends at once, mid-statement, mid-request; its target sessions are left to the server. */
	void kill() {
		process.destroyForcibly();
		awaitExit(Duration.ofSeconds(30));
	}

	/** A polite stop (SIGTERM), forcibly after 30 s. */
	void stop() {
		if (!process.isAlive()) {
			LIVE.remove(process);
			return;
		}
		process.destroy();
		if (!awaitExit(Duration.ofSeconds(30))) {
			kill();
		}
	}

	private boolean awaitExit(Duration deadline) {
		try {
			boolean exited = process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
			if (exited) {
				LIVE.remove(process);
			}
			return exited;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	Path log() {
		return log;
	}

	/** The last {@code lines} lines of the child's log, for failure messages. */
	String tail(int lines) {
		try {
			List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException | UncheckedIOException e) {
			return "(log " + log + " unreadable: " + e.getMessage() + ")";
		}
	}

	@Override
	public void close() {
		stop();
	}

	@Override
	public String toString() {
		return "Tidemark child " + name + " (pid " + process.pid() + ", " + baseUrl() + ", log " + log + ")";
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted", e);
		}
	}
}
