package dev.tidemark.embedded;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Where the embedded store keeps its data, which port it listens on, and whether demo targets are registered. */
@ConfigurationProperties("tidemark.embedded")
record EmbeddedSettings(@DefaultValue(".tidemark") Path dataDir, @DefaultValue("54329") int port,
		@DefaultValue("true") boolean demoTargets) {
}
