-- Sent events are deleted after broker.outbox.retention (ADR 0007): the rows a retention batch may take.
create index outbox_event_sent on outbox_event (sent_at) where sent_at is not null;
