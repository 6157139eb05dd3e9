package dev.tidemark.fault;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A target PostgreSQL the fault suite controls, separate from the store's server so the store survives its faults:
 * its own cluster (zonky's embedded PostgreSQL 15, binaries from Maven Central) with a data directory under
 * {@code target/fault-pg/}, which {@link #stopImmediately()} takes down with {@code pg_ctl stop -m immediate} (no
 * checkpoint, every backend gone at once: crash recovery on the next start) and {@link #start()} brings back on the
 * same port and data directory.
 */
final class TargetCluster implements AutoCloseable {

	private final Path dataDirectory;

	private int port;

	private EmbeddedPostgres postgres;

	/** {@code bin/} of the binaries zonky unpacked, found from the running postmaster. */
	private Path bin;

	TargetCluster() {
		this.dataDirectory = Path.of("target", "fault-pg", "target-" + ProcessHandle.current().pid() + "-"
				+ UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
	}

	/** Starts the cluster; the first start runs initdb, later ones crash-recover the same data directory. */
	synchronized void start() {
		if (postgres != null) {
			return;
		}
		try {
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				.setDataDirectory(dataDirectory.toFile())
				.setCleanDataDirectory(false)
				.setPGStartupWait(Duration.ofSeconds(60))
				// the OS never crashes here, only the server: fsync may be off, but a commit must reach the kernel
				// before it is acknowledged (zonky's default synchronous_commit=off would lose acknowledged commits
				// to an immediate stop, which is not a fault of Tidemark's)
				.setServerConfig("fsync", "off")
				.setServerConfig("full_page_writes", "off")
				.setServerConfig("synchronous_commit", "on")
				// one backend per statement, a small sort memory: index builds take long enough to be caught
				.setServerConfig("max_parallel_maintenance_workers", "0")
				.setServerConfig("max_parallel_workers_per_gather", "0")
				.setServerConfig("maintenance_work_mem", "1MB")
				.setServerConfig("max_connections", "100")
				.setServerConfig("autovacuum", "off");
			if (port != 0) {
				builder.setPort(port);
			}
			postgres = builder.start();
			port = postgres.getPort();
			if (bin == null) {
				bin = findBin();
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not start the target cluster in " + dataDirectory, e);
		}
	}

	/**
	 * {@code pg_ctl stop -m immediate} (SIGQUIT to the postmaster when running as root, which pg_ctl refuses): the
	 * postmaster and every backend end at once, like a crash; returns once all of them have exited.
	 */
	synchronized void stopImmediately() {
		if (postgres == null) {
			return;
		}
		long pid = postmasterPid();
		List<ProcessHandle> processes = new java.util.ArrayList<>();
		ProcessHandle.of(pid).ifPresent(postmaster -> {
			processes.add(postmaster);
			postmaster.descendants().forEach(processes::add);
		});
		if (!"root".equals(System.getProperty("user.name"))) {
			pgCtl("stop", "-m", "immediate", "-w", "-t", "60");
		}
		else {
			// pg_ctl refuses to run as root (a container's default user): send what "-m immediate" sends, SIGQUIT
			run(List.of("kill", "-QUIT", String.valueOf(pid)));
		}
		// every backend gone too, or the next start finds the old shared memory still attached
		java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
		for (ProcessHandle process : processes) {
			while (process.isAlive()) {
				if (java.time.Instant.now().isAfter(deadline)) {
					throw new IllegalStateException("The target's process " + process.pid() + " outlived its stop");
				}
				TidemarkProcess.pause(20);
			}
		}
		try {
			// releases zonky's lock on the data directory; its own (fast) stop fails quietly, the server is gone
			postgres.close();
		}
		catch (IOException ignored) {
			// nothing left to stop
		}
		postgres = null;
	}

	synchronized boolean running() {
		return postgres != null;
	}

	int port() {
		return port;
	}

	String jdbcUrl(String database) {
		return "jdbc:postgresql://localhost:" + port + "/" + database;
	}

	static String username() {
		return "postgres";
	}

	Connection connect(String database) throws SQLException {
		return DriverManager.getConnection(jdbcUrl(database), username(), "");
	}

	/** Creates {@code name} as a copy of {@code template} (a file copy: cheap even for a big table). */
	void createDatabase(String name, String template) {
		try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
			st.execute("CREATE DATABASE \"" + name + "\"" + (template == null ? "" : " TEMPLATE \"" + template + "\""));
		}
		catch (SQLException e) {
			throw new IllegalStateException("Could not create database " + name, e);
		}
	}

	void dropDatabase(String name) {
		try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
			st.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
		}
		catch (SQLException e) {
			throw new IllegalStateException("Could not drop database " + name, e);
		}
	}

	private long postmasterPid() {
		try {
			return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip());
		}
		catch (IOException e) {
			throw new UncheckedIOException("No postmaster.pid in " + dataDirectory, e);
		}
	}

	private void pgCtl(String... args) {
		List<String> command = new java.util.ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D",
				dataDirectory.toString()));
		command.addAll(List.of(args));
		run(command);
	}

	private static void run(List<String> command) {
		try {
			Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
				throw new IllegalStateException(command + " failed: " + out);
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/**
	 * Where pg_ctl is: beside the running postmaster ({@code /proc/<pid>/exe}, its pid the first line of
	 * {@code postmaster.pid}); else zonky's unpack folder (its private {@code pgDir}); else the system's.
	 */
	private Path findBin() {
		try {
			String pid = Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip();
			Path exe = Files.readSymbolicLink(Path.of("/proc", pid, "exe"));
			if (Files.isExecutable(exe.resolveSibling("pg_ctl"))) {
				return exe.getParent();
			}
		}
		catch (IOException | RuntimeException ignored) {
			// not Linux, or no /proc: try the next
		}
		try {
			Field pgDir = EmbeddedPostgres.class.getDeclaredField("pgDir");
			pgDir.setAccessible(true);
			Path dir = ((File) pgDir.get(postgres)).toPath().resolve("bin");
			if (Files.isExecutable(dir.resolve("pg_ctl"))) {
				return dir;
			}
		}
		catch (ReflectiveOperationException | RuntimeException ignored) {
			// another zonky release: try the system's
		}
		Path system = Path.of("/usr/lib/postgresql/15/bin");
		if (Files.isExecutable(system.resolve("pg_ctl"))) {
			return system;
		}
		throw new IllegalStateException("No pg_ctl found for the target cluster in " + dataDirectory);
	}

	@Override
	public synchronized void close() {
		if (postgres != null) {
			try {
				postgres.close();
			}
			catch (IOException ignored) {
				// the JVM is going away
			}
			postgres = null;
		}
		try (var files = Files.walk(dataDirectory)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException ignored) {
			// left for mvn clean
		}
	}

	@Override
	public String toString() {
		return "target cluster on port " + port + " in " + dataDirectory;
	}
}
