package dev.tidemark.checks.internal;

import dev.tidemark.checks.CheckSettings;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CheckSettings.class)
@EnableScheduling
class ChecksConfiguration {
}
