package dev.agentplatform.orchestrator.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.CapabilityTool;
import dev.agentplatform.orchestrator.provider.LlmTool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentToolsTest {

    private static CapabilityTool tool(String name) {
        return new CapabilityTool(name, "does " + name, Map.of("type", "object"));
    }

    @Test
    void namesEachToolAfterItsCapabilityAndMapsTheNameBack() {
        Map<String, List<CapabilityTool>> byCapability = new LinkedHashMap<>();
        byCapability.put("calculator", List.of(tool("get-sum")));
        byCapability.put("filesystem", List.of(tool("read_text_file"), tool("list_directory")));

        AgentTools tools = AgentTools.of(byCapability);

        assertThat(tools.specs())
                .extracting(LlmTool::name)
                .containsExactly("calculator__get-sum", "filesystem__read_text_file", "filesystem__list_directory");
        assertThat(tools.specs().get(0).description()).isEqualTo("does get-sum");
        assertThat(tools.specs().get(0).parameters()).containsEntry("type", "object");
        assertThat(tools.target("filesystem__read_text_file"))
                .contains(new AgentTools.Target("filesystem", "read_text_file"));
        assertThat(tools.target("filesystem__write_file")).isEmpty();
        assertThat(tools.target(null)).isEmpty();
    }

    @Test
    void replacesCharactersTheApisRefuseAndKeepsNamesUniqueAndShort() {
        Map<String, List<CapabilityTool>> byCapability = new LinkedHashMap<>();
        byCapability.put("web.search", List.of(tool("find pages"), tool("find/pages")));
        byCapability.put("x".repeat(70), List.of(tool("a"), tool("b")));

        AgentTools tools = AgentTools.of(byCapability);

        List<String> names = tools.specs().stream().map(LlmTool::name).toList();
        assertThat(names).doesNotHaveDuplicates().allMatch(name -> name.matches("^[a-zA-Z0-9_-]{1,64}$"));
        assertThat(names.get(0)).isEqualTo("web_search__find_pages");
        assertThat(names.get(1)).isEqualTo("web_search__find_pages_2");
        assertThat(tools.target(names.get(1))).contains(new AgentTools.Target("web.search", "find/pages"));
        assertThat(tools.target(names.get(3))).contains(new AgentTools.Target("x".repeat(70), "b"));
    }

    @Test
    void anAgentWithoutToolsOffersNone() {
        assertThat(AgentTools.of(Map.of("calculator", List.of())).isEmpty()).isTrue();
    }
}
