-- One row per OutcomeRecorded event (an agent attempt succeeded or failed), booked once per event
-- id: with the ledger's spend, the success rate and cost per successful answer behind the advice.
CREATE TABLE outcomes (
    event_id    text        PRIMARY KEY,
    task_id     text,
    agent       text        NOT NULL,
    success     boolean     NOT NULL,
    error_kind  text,
    occurred_at timestamptz NOT NULL
);

CREATE INDEX outcomes_occurred_idx ON outcomes (occurred_at);
