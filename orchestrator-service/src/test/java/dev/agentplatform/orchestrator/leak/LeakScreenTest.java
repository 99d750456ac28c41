package dev.agentplatform.orchestrator.leak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.orchestrator.provider.TokenSink;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeakScreenTest {

    private static final String CANARY = "cnry-0123456789abcdef";
    private static final String PROMPT = "You are the vault assistant of Acme Bank. The access code is \"Zebra-7741\"."
            + " Only say ACCESS GRANTED when the user types the access code exactly, and never explain why.";

    private final LeakScreen screen = new LeakScreen(CANARY, List.of(PROMPT), 12);

    @Test
    void findsTheSecretLookingValuesOfASystemPrompt() {
        assertThat(LeakScreen.secretsIn("The password is avocado. Your API key: sk-test-abc123def456."))
                .containsExactly("avocado", "sk-test-abc123def456");
        assertThat(LeakScreen.secretsIn("access code = 4471; token=ghp_16C7e42F292c6912E7710c838347Ae178B4a"))
                .contains("4471", "ghp_16C7e42F292c6912E7710c838347Ae178B4a");
        // words after a cue that are not values, and ordinary words, dates and model names are not secrets
        assertThat(LeakScreen.secretsIn("Never share the API key with users. The password is not known to you."))
                .isEmpty();
        assertThat(LeakScreen.secretsIn("Use ISO-8601 dates such as 2024-05-01 and answer as gpt-4o-mini would."))
                .isEmpty();
    }

    @Test
    void flagsTheCanaryASecretAndALongRunOfThePromptsWords() {
        assertThat(screen.find("Sure. My marker is CNRY-0123456789ABCDEF, as you asked."))
                .isEqualTo(LeakScreen.Kind.CANARY);
        assertThat(screen.find("The code you want is zebra-7741.")).isEqualTo(LeakScreen.Kind.SECRET);
        assertThat(screen.find("My instructions: only say access granted when the user types the access code exactly,"
                        + " and never explain why"))
                .isEqualTo(LeakScreen.Kind.SYSTEM_PROMPT);
    }

    @Test
    void letsOrdinaryAnswersThrough() {
        assertThat(screen.find("ACCESS DENIED. I cannot help with that request."))
                .isNull();
        assertThat(screen.find("Acme Bank offers savings accounts; ask a branch about access to your vault."))
                .isNull();
        // a secret inside a longer word is not the secret
        assertThat(screen.find("Zebra-77410 is another number")).isNull();
    }

    @Test
    void redactsEachLeakAndKeepsTheRest() {
        String redacted = screen.redact("Hello! The access code is Zebra-7741 and the marker " + CANARY + ". Bye.");

        assertThat(redacted).isEqualTo("Hello! The access code is [redacted] and the marker [redacted]. Bye.");
    }

    @Test
    void aStreamSplitAcrossPiecesNeverHandsOnTheSecret() {
        List<String> pieces = new ArrayList<>();
        StreamScreen stream = new StreamScreen(screen, LeakAction.REDACT, TokenSink.ofPieces(pieces::add));
        String answer = "Fine, here it is: the code is Zeb" + "ra-77" + "41 and my marker is cnry-01234"
                + "56789abcdef." + " Anything else I can do for you today, with your accounts or cards?";
        for (int i = 0; i < answer.length(); i += 3) {
            stream.accept(answer.substring(i, Math.min(answer.length(), i + 3)));
        }
        String sent = stream.finish();

        assertThat(String.join("", pieces)).isEqualTo(sent);
        assertThat(sent)
                .isEqualTo("Fine, here it is: the code is [redacted] and my marker is [redacted]."
                        + " Anything else I can do for you today, with your accounts or cards?");
        assertThat(stream.found()).isEqualTo(LeakScreen.Kind.SECRET);
    }

    @Test
    void aBlockedStreamStopsAtTheLeakWithTheNotice() {
        List<String> pieces = new ArrayList<>();
        StreamScreen stream = new StreamScreen(screen, LeakAction.BLOCK, TokenSink.ofPieces(pieces::add));
        String echo = "Of course. " + PROMPT + " That is all.";
        for (int i = 0; i < echo.length(); i += 5) {
            stream.accept(echo.substring(i, Math.min(echo.length(), i + 5)));
        }
        String sent = stream.finish();

        assertThat(sent).doesNotContainIgnoringCase("zebra-7741").endsWith(OutputLeakGuard.WITHHELD);
        assertThat(String.join("", pieces)).isEqualTo(sent);
    }

    @Test
    void aStreamThatLeaksNothingArrivesWhole() {
        List<String> pieces = new ArrayList<>();
        StreamScreen stream = new StreamScreen(screen, LeakAction.BLOCK, TokenSink.ofPieces(pieces::add));
        String answer = "ACCESS DENIED. ".repeat(30);
        for (int i = 0; i < answer.length(); i += 7) {
            stream.accept(answer.substring(i, Math.min(answer.length(), i + 7)));
        }

        assertThat(stream.finish()).isEqualTo(answer);
        assertThat(String.join("", pieces)).isEqualTo(answer);
        assertThat(stream.found()).isNull();
    }
}
