-- OutreachBot schema, version 2: quiz and poll attempts, one row per contact's go at one quiz or poll, kept at its
-- latest copy (an attempt left half-way stays, unfinished). The columns are what the indicators group and count by;
-- the answers are kept whole as jsonb.

CREATE TABLE quiz_attempts (
    id              text PRIMARY KEY,
    contact_id      bigint NOT NULL,
    content_id      text NOT NULL,
    kind            text NOT NULL,
    content_version integer NOT NULL,
    number          integer NOT NULL,
    channel         text NOT NULL,
    language        text NOT NULL,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    question_count  integer NOT NULL,
    score           integer,
    passed          boolean,
    answers         jsonb NOT NULL
);
CREATE INDEX quiz_attempts_content ON quiz_attempts (content_id);
CREATE INDEX quiz_attempts_contact ON quiz_attempts (contact_id);
