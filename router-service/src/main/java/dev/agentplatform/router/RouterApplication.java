package dev.agentplatform.router;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class RouterApplication {

    /**
     * The machine's own PostgreSQL. Set as default properties, the lowest precedence there is, so
     * that {@code DATABASE_URL} (which the platform support maps below application.yml) and any
     * {@code spring.datasource.*} setting still win.
     */
    static final Map<String, Object> LOCAL_DATABASE = Map.of(
            "spring.datasource.url", "jdbc:postgresql://127.0.0.1:5432/postgres",
            "spring.datasource.username", "postgres");

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(RouterApplication.class);
        application.setDefaultProperties(LOCAL_DATABASE);
        application.run(args);
    }
}
