package dev.tidemark.web.internal;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Replaces Tomcat's error report valve (Spring Boot's, or the one the host would add) by
 * {@link ProblemErrorReportValve}, so that errors the container answers itself are problem details too. Runs after
 * Spring Boot's own Tomcat customizer, which adds its valve in a context customizer of its own.
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrorConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValve(JsonMapper json) {
		return new ProblemValveCustomizer(json);
	}

	private record ProblemValveCustomizer(JsonMapper json)
			implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE; // after Spring Boot's TomcatWebServerFactoryCustomizer (order 0)
		}

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			factory.addContextCustomizers(context -> {
				Container host = context.getParent();
				for (Valve valve : host.getPipeline().getValves()) {
					if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
						host.getPipeline().removeValve(valve);
					}
				}
				host.getPipeline().addValve(new ProblemErrorReportValve(json));
				if (host instanceof StandardHost standardHost) {
					// The host adds a valve of this class when it starts unless one is there: it is.
					standardHost.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
				}
			});
		}
	}
}
