package dev.agentplatform.orchestrator.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.CapabilityTool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClientException;

class ToolCatalogTest {

    private static final List<CapabilityTool> SUM = List.of(new CapabilityTool("get-sum", "adds", Map.of()));
    private static final List<CapabilityTool> SUM_AND_ECHO =
            List.of(new CapabilityTool("get-sum", "adds", Map.of()), new CapabilityTool("echo", "echoes", Map.of()));

    private final AtomicLong now = new AtomicLong();
    private final List<String> reads = new ArrayList<>();
    private final List<Object> answers = new ArrayList<>();

    private final ToolCatalog catalog = new ToolCatalog(
            capability -> {
                reads.add(capability);
                Object answer = answers.remove(0);
                if (answer instanceof RuntimeException e) {
                    throw e;
                }
                @SuppressWarnings("unchecked")
                List<CapabilityTool> tools = (List<CapabilityTool>) answer;
                return tools;
            },
            new ToolsProperties(4, Duration.ofMinutes(5), true, 0.5),
            now::get);

    @Test
    void readsACapabilitysToolsOnceWithinTheTtlAndAgainAfterIt() {
        answers.addAll(List.of(SUM, SUM_AND_ECHO));

        assertThat(catalog.tools("calculator")).isEqualTo(SUM);
        now.addAndGet(Duration.ofMinutes(4).toNanos());
        assertThat(catalog.tools("calculator")).isEqualTo(SUM);
        now.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThat(catalog.tools("calculator")).isEqualTo(SUM_AND_ECHO);

        assertThat(reads).hasSize(2);
    }

    @Test
    void keepsTheLastListWhenMcpServiceCannotAnswerAndHasNothingWithoutOne() {
        answers.addAll(List.of(new RestClientException("down"), SUM, new RestClientException("down")));

        assertThat(catalog.tools("calculator")).isEmpty();
        assertThat(catalog.tools("calculator")).isEqualTo(SUM);
        now.addAndGet(Duration.ofMinutes(6).toNanos());
        assertThat(catalog.tools("calculator")).isEqualTo(SUM);

        assertThat(reads).hasSize(3);
    }

    @Test
    void readsAgainAfterARefreshAndDoesNotKeepAnEmptyList() {
        answers.addAll(List.of(SUM, SUM_AND_ECHO, List.of(), SUM));

        catalog.tools("calculator");
        catalog.refresh("calculator");
        assertThat(catalog.tools("calculator")).isEqualTo(SUM_AND_ECHO);
        catalog.refresh("calculator");
        assertThat(catalog.tools("calculator")).isEmpty();
        assertThat(catalog.tools("calculator")).isEqualTo(SUM);

        assertThat(reads).hasSize(4);
    }
}
