package dev.tidemark;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class TidemarkApplication {
	public static void main(String[] args) {
		SpringApplication.run(TidemarkApplication.class, args);
	}
}
