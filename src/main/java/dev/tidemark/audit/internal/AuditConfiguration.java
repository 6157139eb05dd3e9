package dev.tidemark.audit.internal;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The audit module's settings, and scheduling for its pruner and failed-login flush (idempotent if enabled twice). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditSettings.class)
@EnableScheduling
class AuditConfiguration {
}
