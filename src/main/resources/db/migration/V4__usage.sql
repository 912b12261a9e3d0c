-- Usage records reported by sites (REST now, Kafka later), docs/billing.md section 1.
-- The unique constraint (partner_id, record_id) is what makes a repeat harmless, whatever the path:
-- the service inserts with ON CONFLICT DO NOTHING and compares content_hash with the stored record.
create table usage_record (
    id              text primary key,
    partner_id      text not null references partner (id),
    record_id       text not null,
    reservation_id  text references reservation (id),
    offer_id        uuid not null references offer (id),
    gpu_count       int not null check (gpu_count > 0),
    gpu_hours       numeric(19, 6) not null check (gpu_hours > 0),
    period_start    timestamptz not null,
    period_end      timestamptz not null,
    -- Set when the record cannot be billed as reported and finance must look at it.
    reconciliation  text check (reconciliation in ('NO_RESERVATION')),
    -- SHA-256 of the normalised content, to tell a repeat from a conflicting reuse of the id.
    content_hash    text not null,
    received_at     timestamptz not null,
    constraint usage_record_once unique (partner_id, record_id),
    constraint usage_record_period check (
        period_end > period_start
        and date_trunc('hour', period_start) = period_start
        and date_trunc('hour', period_end) = period_end
        and period_end <= (date_trunc('month', period_start at time zone 'UTC') at time zone 'UTC') + interval '1 month'),
    constraint usage_record_physical check (
        gpu_hours <= gpu_count * extract(epoch from period_end - period_start) / 3600),
    constraint usage_record_flagged check ((reservation_id is null) = coalesce(reconciliation = 'NO_RESERVATION', false))
);
create index usage_record_period on usage_record (period_start);
create index usage_record_reservation on usage_record (reservation_id) where reservation_id is not null;
