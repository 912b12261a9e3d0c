-- Transactional outbox (ADR 0007, docs/events.md): an event is written in the transaction of the
-- change it reports, so it exists exactly when the change was committed. The relay publishes due
-- rows to Kafka and marks them sent.
create table outbox_event (
    id            uuid primary key,                          -- the CloudEvent id, stable across retries
    position      bigint generated always as identity unique, -- commit-independent order of appends
    topic         text not null,
    key           text not null,                             -- Kafka record key: the resource id
    type          text not null,                             -- e.g. io.capacitybroker.reservation.confirmed.v1
    subject       text not null,
    payload       jsonb not null,                            -- the CloudEvent's data
    occurred_at   timestamptz not null,
    attempts      int not null default 0 check (attempts >= 0),  -- publish attempts begun (leases taken)
    last_error    text,
    leased_until  timestamptz,                               -- a relay owns the row until then (or: retry not before)
    sent_at       timestamptz
);
-- What the relay looks for: unsent rows, oldest first, and the earlier unsent rows of a key.
create index outbox_event_unsent on outbox_event (position) where sent_at is null;
create index outbox_event_unsent_key on outbox_event (topic, key, position) where sent_at is null;
