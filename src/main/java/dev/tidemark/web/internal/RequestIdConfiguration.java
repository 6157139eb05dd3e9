package dev.tidemark.web.internal;

import jakarta.servlet.DispatcherType;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** {@link RequestIdFilter} first of all filters: before Spring Security's chain, so its 401 and 403 carry the id. */
@Configuration(proxyBeanMethods = false)
class RequestIdConfiguration {

	@Bean
	FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
		FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
		return registration;
	}

	/** Right after the request id (the 400 carries it), before Spring Security and anything that reads parameters. */
	@Bean
	FilterRegistrationBean<UnreadableRequestFilter> unreadableRequestFilter() {
		FilterRegistrationBean<UnreadableRequestFilter> registration = new FilterRegistrationBean<>(
				new UnreadableRequestFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		return registration;
	}
}
