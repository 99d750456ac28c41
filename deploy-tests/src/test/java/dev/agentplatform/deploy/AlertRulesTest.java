package dev.agentplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The alert rules under deploy/prometheus, checked and unit-tested by Prometheus' own promtool. */
class AlertRulesTest {

    private static final Path PROMETHEUS = Repository.resolve("deploy/prometheus");

    @Test
    void promtoolAcceptsEveryRuleFile() throws Exception {
        Path promtool = Binaries.require("promtool", "prometheus");
        List<Path> rules = Repository.files(PROMETHEUS.resolve("rules"), ".yml");
        assertThat(rules).isNotEmpty();

        for (Path file : rules) {
            Binaries.Result check = Binaries.run(PROMETHEUS, promtool, "check", "rules", file.toString());
            assertThat(check.exitCode()).as(check.output()).isZero();
        }
    }

    @Test
    void everyAlertFiresInItsUnitTestAndStaysQuietOnHealthySeries() throws Exception {
        Path promtool = Binaries.require("promtool", "prometheus");
        List<Path> tests = Repository.files(PROMETHEUS.resolve("tests"), ".yml");
        assertThat(tests).isNotEmpty();

        for (Path file : tests) {
            Binaries.Result run = Binaries.run(file.getParent(), promtool, "test", "rules", file.toString());
            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).contains("SUCCESS");
        }
    }

    @Test
    void thePrometheusConfigurationLoadsTheRules() throws Exception {
        Path promtool = Binaries.require("promtool", "prometheus");

        // the compose file mounts rules/ at /etc/prometheus/rules; checked here on a copy that points at them
        Path config = Path.of("target", "prometheus-check.yml").toAbsolutePath();
        java.nio.file.Files.createDirectories(config.getParent());
        java.nio.file.Files.writeString(
                config,
                java.nio.file.Files.readString(PROMETHEUS.resolve("prometheus.yml"))
                        .replace(
                                "/etc/prometheus/rules",
                                PROMETHEUS.resolve("rules").toString()));
        Binaries.Result check = Binaries.run(PROMETHEUS, promtool, "check", "config", config.toString());

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS");
    }
}
