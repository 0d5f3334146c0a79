-- OutreachBot schema, version 1: contacts and their URNs, sessions, the inbound log, the outbox, cursors,
-- early delivery reports and WhatsApp window closures. Times are timestamptz (UTC instants, as the embedded store keeps
-- them); a contact and a session are kept whole as jsonb beside the columns queries filter on.

CREATE SEQUENCE contact_ids;

CREATE TABLE contacts (
    id           bigint PRIMARY KEY,
    -- Bumped by every write of the contact: a write checks it to tell whether the contact changed since it was read.
    version      bigint NOT NULL,
    status       smallint NOT NULL,
    phone        text,
    is_simulated boolean NOT NULL,
    created_at   timestamptz NOT NULL,
    doc          jsonb NOT NULL
);

-- Which contact owns a URN; the primary key keeps a URN from having two owners.
CREATE TABLE urns (
    urn        text PRIMARY KEY,
    contact_id bigint NOT NULL
);
CREATE INDEX urns_contact ON urns (contact_id);

CREATE TABLE sessions (
    contact_id bigint PRIMARY KEY,
    doc        jsonb NOT NULL
);

-- Every inbound message; (channel, provider_id) is the dedupe key across instances.
CREATE TABLE inbound (
    channel     text NOT NULL,
    provider_id text NOT NULL,
    contact_id  bigint NOT NULL,
    urn         text NOT NULL,
    text        text NOT NULL,
    kind        text NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (channel, provider_id)
);
CREATE INDEX inbound_urn ON inbound (urn, channel, received_at);
CREATE INDEX inbound_contact ON inbound (contact_id);
CREATE INDEX inbound_received ON inbound (received_at);

CREATE TABLE outbox (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    contact_id          bigint NOT NULL,
    channel             text NOT NULL,
    urn                 text NOT NULL,
    text                text NOT NULL,
    choices             jsonb NOT NULL,
    choices_per_row     integer NOT NULL,
    keyboard            smallint NOT NULL,
    language            text NOT NULL,
    priority            smallint NOT NULL,
    purpose             smallint NOT NULL,
    status              smallint NOT NULL,
    attempts            integer NOT NULL,
    -- Claims recovered after their lease lapsed (a crash or a lost outcome): each may have reached the person twice.
    recoveries          integer NOT NULL,
    created_at          timestamptz NOT NULL,
    next_attempt_at     timestamptz NOT NULL,
    lease_until         timestamptz,
    sent_at             timestamptz,
    provider_id         text,
    error_code          text,
    error               text,
    group_id            text,
    in_reply_to         text,
    inbound_received_at timestamptz
);
-- Claims read queued rows per channel and lane in due order; partial indexes stay small as rows settle.
CREATE INDEX outbox_due ON outbox (channel, priority, next_attempt_at) WHERE status = 0;
CREATE INDEX outbox_leases ON outbox (lease_until) WHERE status = 1;
CREATE INDEX outbox_provider ON outbox (provider_id) WHERE provider_id IS NOT NULL;
CREATE INDEX outbox_group ON outbox (group_id) WHERE group_id IS NOT NULL;
CREATE INDEX outbox_urn ON outbox (urn);
CREATE INDEX outbox_contact_queued ON outbox (contact_id) WHERE status = 0;
CREATE INDEX outbox_reply_to ON outbox (in_reply_to) WHERE in_reply_to IS NOT NULL;

CREATE TABLE cursors (
    name     text PRIMARY KEY,
    position bigint NOT NULL
);

-- Running totals kept across restarts, such as the possible duplicates of recovered claims.
CREATE TABLE counters (
    name  text PRIMARY KEY,
    value bigint NOT NULL
);

-- A delivery report that arrived before its outbox row had the provider id.
CREATE TABLE early_reports (
    provider_id text PRIMARY KEY,
    status      smallint NOT NULL,
    error_code  text,
    reported_at timestamptz NOT NULL
);

-- WhatsApp said (63016) that a person's 24-hour window is closed; it opens when they write again.
CREATE TABLE whatsapp_window_closures (
    urn       text PRIMARY KEY,
    closed_at timestamptz NOT NULL
);
