package dev.tidemark.notifications.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP receiver on a free port. Each path answers as told: {@code /ok} 200, {@code /fail-N} 500 for its
 * first N requests then 200, {@code /down} always 503, {@code /redirect} 302 to {@code /ok}, {@code /held} 200 once
 * {@link #releaseHeld()} was called. Every request is kept.
 */
final class WebhookReceiver implements AutoCloseable {

	record Received(String path, Map<String, List<String>> headers, String body, int answeredWith) {

		String header(String name) {
			return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
				.map(e -> e.getValue().get(0)).findFirst().orElse(null);
		}
	}

	private final HttpServer server;

	final List<Received> received = new CopyOnWriteArrayList<>();

	private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

	private final String host;

	private final CountDownLatch closed = new CountDownLatch(1);

	private final CountDownLatch heldArrived = new CountDownLatch(1);

	private final CountDownLatch heldReleased = new CountDownLatch(1);

	private final List<String> heldPaths = new CopyOnWriteArrayList<>();

	WebhookReceiver() throws IOException {
		this("127.0.0.1");
	}

	/** A receiver on {@code host}, a loopback address. */
	WebhookReceiver(String host) throws IOException {
		this(host, 0);
	}

	/** A receiver on {@code host} and {@code port} (0: any free one). */
	WebhookReceiver(String host, int port) throws IOException {
		this.host = host;
		server = HttpServer.create(new InetSocketAddress(host, port), 0);
		server.setExecutor(Executors.newFixedThreadPool(4));
		server.createContext("/", this::handle);
		server.start();
	}

	int port() {
		return server.getAddress().getPort();
	}

	String url(String path) {
		return "http://" + host + ":" + server.getAddress().getPort() + path;
	}

	List<Received> at(String path) {
		return received.stream().filter(r -> r.path().equals(path)).toList();
	}

	/** The path of the first request to {@code /held…}, once it arrived (it then waits for {@link #releaseHeld()}). */
	String awaitHeld() throws InterruptedException {
		if (!heldArrived.await(20, TimeUnit.SECONDS)) {
			throw new AssertionError("no request to /held… within 20 s");
		}
		return heldPaths.get(0);
	}

	/** Lets requests to {@code /held…}, waiting or yet to come, answer 200. */
	void releaseHeld() {
		heldReleased.countDown();
	}

	private void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		String body;
		try (InputStream in = exchange.getRequestBody()) {
			body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		int hit = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
		int status;
		if (path.startsWith("/fail-")) {
			int failures = Integer.parseInt(path.substring("/fail-".length()).split("/")[0]);
			status = hit <= failures ? 500 : 200;
		}
		else if (path.startsWith("/down")) {
			status = 503;
		}
		else if (path.startsWith("/hang")) {
			// never answers while the receiver is open: the client's deadline must end the request
			try {
				closed.await();
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			status = 503;
		}
		else if (path.startsWith("/held")) {
			heldPaths.add(path);
			heldArrived.countDown();
			try {
				heldReleased.await();
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			status = 200;
		}
		else if (path.startsWith("/redirect")) {
			exchange.getResponseHeaders().add("Location", url("/ok/redirected"));
			status = 302;
		}
		else {
			status = 200;
		}
		received.add(new Received(path, Map.copyOf(exchange.getRequestHeaders()), body, status));
		exchange.sendResponseHeaders(status, -1);
		exchange.close();
	}

	@Override
	public void close() {
		closed.countDown();
		heldReleased.countDown();
		server.stop(0);
	}
}
