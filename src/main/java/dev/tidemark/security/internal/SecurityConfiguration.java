package dev.tidemark.security.internal;

import java.util.ArrayList;
import java.util.List;

import dev.tidemark.security.Role;
import dev.tidemark.security.SecuritySettings;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * One filter chain: stateless, HTTP Basic for users, bearer API tokens for machines. Open: health, the API docs
 * and Swagger UI. Who may call what is this one table, checked before a request body is even read (so a VIEWER
 * posting garbage gets 403, not a validation error): reads need VIEWER, writes OPERATOR, approvals APPROVER,
 * API tokens ADMIN; any other method or path is for any authenticated caller to get its 404 or 405 problem (see
 * {@link UnmappedRequestAuthorizationManager}). ADMIN inherits every role through the hierarchy. Failed sign-ins are
 * throttled per user name and per client address ({@link LoginThrottle}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecuritySettings.class)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ProblemResponses problems, ApiTokenService tokens,
			AuthenticationEventPublisher authenticationEvents, LoginThrottle throttle,
			ApplicationEventPublisher events, ObjectProvider<RequestMappingInfoHandlerMapping> handlerMappings)
			throws Exception {
		http.csrf(csrf -> csrf.disable())
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.httpBasic(basic -> basic.authenticationEntryPoint(problems).realmName("tidemark"))
			.exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.addFilterBefore(new BearerTokenFilter(tokens, problems, authenticationEvents), BasicAuthenticationFilter.class)
			// Before both: a throttled name or address is refused before any password or token is checked.
			.addFilterBefore(new LoginThrottleFilter(throttle, problems, events), BearerTokenFilter.class)
			.formLogin(form -> form.disable())
			.logout(logout -> logout.disable())
			.requestCache(cache -> cache.disable())
			.headers(Customizer.withDefaults())
			.authorizeHttpRequests(auth -> auth
				.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
				.requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html",
						"/swagger-ui/**")
				.permitAll()
				.requestMatchers("/error").permitAll()
				.requestMatchers("/actuator/**").hasRole(Role.VIEWER.name())
				.requestMatchers("/api/v1/api-tokens", "/api/v1/api-tokens/**").hasRole(Role.ADMIN.name())
				.requestMatchers("/api/v1/webhooks", "/api/v1/webhooks/**").hasRole(Role.ADMIN.name())
				.requestMatchers(HttpMethod.POST, "/api/v1/remediations/*/approvals", "/api/v1/remediations/*/rejections",
						"/api/v1/remediations/*/rollback-approvals")
				.hasRole(Role.APPROVER.name())
				.requestMatchers(HttpMethod.GET, "/api/**").hasRole(Role.VIEWER.name())
				.requestMatchers(HttpMethod.HEAD, "/api/**").hasRole(Role.VIEWER.name())
				.requestMatchers(HttpMethod.POST, "/api/**").hasRole(Role.OPERATOR.name())
				.requestMatchers(HttpMethod.PUT, "/api/**").hasRole(Role.OPERATOR.name())
				.requestMatchers(HttpMethod.DELETE, "/api/**").hasRole(Role.OPERATOR.name())
				// Anything else: 401 without credentials; with them, MVC's 404 or 405 (with Allow) problem when
				// no handler would run, else 403 (a handler this table does not name yet).
				.anyRequest().access(new UnmappedRequestAuthorizationManager(handlerMappings)));
		return http.build();
	}

	@Bean
	static RoleHierarchy roleHierarchy() {
		return RoleHierarchyImpl.withDefaultRolePrefix()
			.role(Role.ADMIN.name()).implies(Role.OPERATOR.name(), Role.APPROVER.name())
			.role(Role.OPERATOR.name()).implies(Role.VIEWER.name())
			.role(Role.APPROVER.name()).implies(Role.VIEWER.name())
			.build();
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	UserDetailsService users(SecuritySettings settings) {
		List<UserDetails> users = new ArrayList<>();
		settings.users().forEach((name, user) -> users.add(User.withUsername(name)
			.password(user.password())
			.roles(user.roles().stream().map(Role::name).toArray(String[]::new))
			.build()));
		return new InMemoryUserDetailsManager(users);
	}
}
