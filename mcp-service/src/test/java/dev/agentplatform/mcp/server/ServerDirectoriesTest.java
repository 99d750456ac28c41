package dev.agentplatform.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerDirectoriesTest {

    @TempDir
    Path repository;

    @Test
    void findsTheDefaultFoldersFromTheRepositoryRoot() throws IOException {
        Path servers = Files.createDirectories(repository.resolve("mcp-service/mcp-servers"));

        Path located = ServerDirectories.locate("mcp-service/mcp-servers", repository, "servers dir");

        assertThat(located).isEqualTo(servers.toAbsolutePath().normalize());
    }

    @Test
    void findsTheDefaultFoldersFromInsideTheModule() throws IOException {
        Path module = Files.createDirectories(repository.resolve("mcp-service"));
        Path servers = Files.createDirectories(module.resolve("mcp-servers"));

        Path located = ServerDirectories.locate("mcp-service/mcp-servers", module, "servers dir");

        assertThat(located).isEqualTo(servers.toAbsolutePath().normalize());
    }

    @Test
    void keepsAnAbsoluteFolderAsConfigured() {
        Path elsewhere = repository.resolve("elsewhere/../servers");

        Path located = ServerDirectories.locate(elsewhere.toString(), Path.of("/"), "servers dir");

        assertThat(located).isEqualTo(repository.resolve("servers"));
    }

    @Test
    void fallsBackToTheWorkingDirectoryWhenTheFolderExistsNowhere() {
        Path located = ServerDirectories.locate("missing/servers", repository, "servers dir");

        assertThat(located).isEqualTo(repository.resolve("missing/servers").toAbsolutePath());
    }

    @Test
    void replacesPlaceholdersWithAbsolutePathsInNestedValues() {
        ServerDirectories directories = new ServerDirectories(Path.of("/opt/servers"), Path.of("/srv/workspace"));

        Map<String, Object> expanded = directories.expandValues(Map.of(
                "path",
                "{workspace-dir}/reports",
                "nested",
                Map.of("script", "{servers-dir}/index.js"),
                "list",
                List.of("{workspace-dir}", 3),
                "count",
                2));

        assertThat(expanded)
                .containsEntry("path", "/srv/workspace/reports")
                .containsEntry("nested", Map.of("script", "/opt/servers/index.js"))
                .containsEntry("list", List.of("/srv/workspace", 3))
                .containsEntry("count", 2);
        assertThat(directories.expand("node {servers-dir}/a.js")).isEqualTo("node /opt/servers/a.js");
        assertThat(directories.expand(null)).isNull();
    }
}
