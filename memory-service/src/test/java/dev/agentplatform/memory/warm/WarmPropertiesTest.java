package dev.agentplatform.memory.warm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class WarmPropertiesTest {

    private static WarmProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("platform.memory.warm", WarmProperties.class);
    }

    @Test
    void theIndexLivesUnderTheTemporaryDirectoryWhenNoneIsSet() {
        Path indexDir = bind(Map.of()).indexDir();

        assertThat(indexDir).isAbsolute();
        assertThat(indexDir.toString()).doesNotContain("${");
        assertThat(indexDir).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "agent-platform", "memory-warm"));
    }

    @Test
    void aConfiguredIndexDirectoryIsKept() {
        WarmProperties properties = bind(Map.of("platform.memory.warm.index-dir", "/var/lib/memory-warm"));

        assertThat(properties.indexDir()).isEqualTo(Path.of("/var/lib/memory-warm"));
        assertThat(properties.segmentSize()).isEqualTo(3);
        assertThat(properties.fusion().k()).isEqualTo(60);
    }
}
