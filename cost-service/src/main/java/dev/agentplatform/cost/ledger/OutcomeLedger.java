package dev.agentplatform.cost.ledger;

import dev.agentplatform.common.OutcomeRecorded;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Agent outcomes beside the ledger, booked once per event id. */
@Repository
public class OutcomeLedger {

    private final JdbcClient jdbc;

    OutcomeLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Books outcomes in one insert, skipping those already booked. */
    public void bookAll(List<OutcomeRecorded> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder(
                "INSERT INTO cost.outcomes (event_id, task_id, agent, success, error_kind, occurred_at) VALUES ");
        List<Object> params = new ArrayList<>(outcomes.size() * 6);
        for (int i = 0; i < outcomes.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?)");
            OutcomeRecorded o = outcomes.get(i);
            Instant at = o.occurredAt() == null ? Instant.now() : o.occurredAt();
            params.addAll(Arrays.asList(
                    o.eventId(), o.taskId(), o.agent(), o.success(), o.errorKind(), at.atOffset(ZoneOffset.UTC)));
        }
        sql.append(" ON CONFLICT (event_id) DO NOTHING");
        jdbc.sql(sql.toString()).params(params).update();
    }
}
