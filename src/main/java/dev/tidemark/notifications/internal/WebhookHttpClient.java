package dev.tidemark.notifications.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.tidemark.common.DaemonThreads;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * POSTs webhook deliveries. Names are resolved only through {@link WebhookUrls#checkedAddresses}, so a connection
 * is only ever opened to an address that was checked against the denied networks in that same lookup. Redirects
 * are not followed, connections are not reused, nothing is retried (the outbox retries), no cookies are kept, the answer's body is not read,
 * and each request has a deadline covering connect, send and answer.
 */
@Component
class WebhookHttpClient implements DisposableBean {

	private final CloseableHttpClient http;

	/** How long a receiver may stay silent (connect, then each read). */
	private final Duration answerTimeout;

	/** How long a whole delivery may take: a receiver answering a byte at a time is cut off too. */
	private final Duration deadlineAfter;

	/** Cancels requests past their deadline: the client's own timeouts bound each read, not the whole answer. */
	private final ScheduledExecutorService deadlines = DaemonThreads.scheduler("tidemark-webhook-deadlines");

	WebhookHttpClient(WebhookSettings settings, WebhookUrls urls) {
		this.answerTimeout = settings.requestTimeout();
		this.deadlineAfter = settings.connectTimeout().plus(settings.requestTimeout());
		DnsResolver checkedResolver = new DnsResolver() {
			@Override
			public InetAddress[] resolve(String host) throws UnknownHostException {
				return urls.checkedAddresses(host);
			}

			@Override
			public String resolveCanonicalHostname(String host) throws UnknownHostException {
				return host; // only used for Kerberos/SPNEGO, which deliveries never do
			}
		};
		this.http = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDnsResolver(checkedResolver)
				.setDefaultConnectionConfig(ConnectionConfig.custom()
					.setConnectTimeout(Timeout.of(settings.connectTimeout()))
					.setSocketTimeout(Timeout.of(settings.requestTimeout()))
					.build())
				.build())
			.setDefaultRequestConfig(RequestConfig.custom()
				.setRedirectsEnabled(false)
				.setResponseTimeout(Timeout.of(settings.requestTimeout()))
				.build())
			// a new connection, so a new checked lookup, for every delivery: a kept-alive one would outlive a DNS change
			.setConnectionReuseStrategy((request, response, context) -> false)
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.disableContentCompression()
			.disableAuthCaching()
			.setUserAgent("Tidemark-Webhooks")
			.build();
	}

	/**
	 * POSTs {@code json} to {@code url} and returns the answer's status code.
	 * @throws WebhookUrls.DeniedAddressException when the host resolves into a denied network (nothing was sent)
	 * @throws HttpTimeoutException when the receiver was silent too long or the deadline passed
	 */
	int post(URI url, Map<String, String> headers, String json) throws IOException {
		HttpPost request = new HttpPost(url);
		headers.forEach(request::setHeader);
		request.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON.withCharset(StandardCharsets.UTF_8)));
		ScheduledFuture<?> deadline = deadlines.schedule(request::cancel, deadlineAfter.toMillis(),
				TimeUnit.MILLISECONDS);
		// closing the answer unread drops the connection: a receiver's body is neither read nor stored
		try (ClassicHttpResponse response = http.executeOpen(null, request, null)) {
			return response.getCode();
		}
		catch (SocketTimeoutException e) {
			throw new HttpTimeoutException("no answer within " + answerTimeout.toMillis() + " ms");
		}
		catch (IOException e) {
			if (deadline.isDone() && !deadline.isCancelled()) {
				throw new HttpTimeoutException("not done within " + deadlineAfter.toMillis() + " ms");
			}
			throw e;
		}
		finally {
			deadline.cancel(false);
		}
	}

	@Override
	public void destroy() throws IOException {
		deadlines.shutdownNow();
		http.close();
	}
}
