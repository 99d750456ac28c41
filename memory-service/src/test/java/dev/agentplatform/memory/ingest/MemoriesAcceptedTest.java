package dev.agentplatform.memory.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.support.security.ServiceCaller;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** A write remembers the credential it came with, so that a model's extraction of it is budgeted as its writer. */
class MemoriesAcceptedTest {

    private static final List<IngestedMessage> SAID =
            List.of(new IngestedMessage("m1", "user", "Caroline", "I moved to Boston.", "2026-12-08T00:00:00Z"));

    @AfterEach
    void clear() {
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void aWriteOfTheCallersUserTakesItsTierKeyAndTeam() {
        serving(new ServiceCaller("gateway-service", "u1", "pro", "key_1", "team-a", false));

        MemoriesAccepted write = MemoriesAccepted.of("u1", "c1", SAID);

        assertThat(write.tier()).isEqualTo("pro");
        assertThat(write.keyId()).isEqualTo("key_1");
        assertThat(write.team()).isEqualTo("team-a");
    }

    @Test
    void aWriteForAnotherUserOrOutsideARequestTakesNoCredential() {
        assertThat(MemoriesAccepted.of("u1", null, SAID).tier()).isNull();

        serving(new ServiceCaller("gateway-service", "someone-else", "enterprise", "key_2", "team-b", false));
        MemoriesAccepted write = MemoriesAccepted.of("u1", null, SAID);

        assertThat(write.tier()).isNull();
        assertThat(write.keyId()).isNull();
        assertThat(write.team()).isNull();
    }

    private static void serving(ServiceCaller caller) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setAttribute(ServiceCaller.ATTRIBUTE, caller);
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
    }
}
