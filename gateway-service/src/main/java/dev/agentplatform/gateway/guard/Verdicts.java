package dev.agentplatform.gateway.guard;

import dev.agentplatform.common.MessageVerdict;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.support.PlatformException;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;

/**
 * The guard's verdicts on every message of one request, in the request's order.
 *
 * @param all one verdict per message
 */
public record Verdicts(List<MessageVerdict> all) {

    /** No message checked: the guard is off. */
    public static final Verdicts NONE = new Verdicts(List.of());

    public Verdicts {
        all = List.copyOf(all);
    }

    /** The messages refused. */
    public List<MessageVerdict> blocked() {
        return only(MessageVerdict.Action.BLOCK);
    }

    /** The messages passed on marked (a flag-only tier): what travels with the task. */
    public List<MessageVerdict> flagged() {
        return only(MessageVerdict.Action.FLAG);
    }

    public boolean anyBlocked() {
        return all.stream().anyMatch(v -> v.action() == MessageVerdict.Action.BLOCK);
    }

    public boolean anyFlagged() {
        return all.stream().anyMatch(v -> v.action() == MessageVerdict.Action.FLAG);
    }

    /** The 403 problem naming the refused messages, for a request with any: {@code refused} lists them. */
    public PlatformException refusal() {
        List<MessageVerdict> blocked = blocked();
        String named =
                blocked.stream().map(v -> field(v) + " (" + v.role() + ")").collect(Collectors.joining(", "));
        return new PlatformException(
                        HttpStatus.FORBIDDEN,
                        ProblemTypes.FORBIDDEN,
                        "Forbidden",
                        "The input guard refused " + named + " as a likely prompt injection")
                .property("refused", blocked.stream().map(Verdicts::field).toList());
    }

    /** The refused messages' reasons, for the log (never for the client: they would help tune an attack). */
    public String reasons() {
        return blocked().stream().map(v -> field(v) + ": " + v.reason()).collect(Collectors.joining("; "));
    }

    private List<MessageVerdict> only(MessageVerdict.Action action) {
        return all.stream().filter(v -> v.action() == action).toList();
    }

    private static String field(MessageVerdict verdict) {
        return GuardedMessage.field(verdict.index());
    }
}
