package dev.agentplatform.orchestrator.execution;

import dev.agentplatform.orchestrator.RecordingExecutionEvents;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The orchestrator on a random port with one OpenAI-compatible catalog entry, {@code test-gpt}
 * (model {@code gpt-test}, tier cheap, the cheap chain), whose base URL the test class sets to its
 * own HTTP server; events recorded in memory, no task consumer.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Import(RecordingExecutionEvents.Replacing.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            "platform.orchestrator.resilience.retry-backoff=1ms",
            "platform.orchestrator.tasks.consumer-enabled=false",
            "platform.orchestrator.chaos.refresh=1h",
            "platform.orchestrator.providers.test-gpt.type=openai-compatible",
            "platform.orchestrator.providers.test-gpt.model=gpt-test",
            "platform.orchestrator.providers.test-gpt.api-key=test-key",
            "platform.orchestrator.providers.test-gpt.tier=cheap",
            "platform.orchestrator.chains.cheap[0]=test-gpt"
        })
@interface TestGptApiTest {}
