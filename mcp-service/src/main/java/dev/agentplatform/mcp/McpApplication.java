package dev.agentplatform.mcp;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class McpApplication {

    /**
     * The machine's own PostgreSQL, at the lowest precedence: {@code DATABASE_URL} and any
     * {@code spring.datasource.*} setting win.
     */
    static final Map<String, Object> LOCAL_DATABASE = Map.of(
            "spring.datasource.url", "jdbc:postgresql://127.0.0.1:5432/postgres",
            "spring.datasource.username", "postgres");

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(McpApplication.class);
        application.setDefaultProperties(LOCAL_DATABASE);
        application.run(args);
    }
}
