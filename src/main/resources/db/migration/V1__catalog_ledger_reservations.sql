-- Capacity Broker, first schema: catalogue, capacity ledger, quotes, reservations, audit.
-- Conventions: every time is timestamptz (UTC); money is numeric, never float; codes from the
-- controlled vocabularies are validated by the application before they are stored.

create table partner (
    id              text primary key,
    name            text not null,
    created_at      timestamptz not null
);

create table site (
    id              uuid primary key,
    partner_id      text not null references partner (id),
    code            text not null,
    name            text not null,
    country         char(2) not null,
    region          text not null,
    jurisdiction    text not null,
    certifications  text[] not null,
    sovereignty     text[] not null,
    reliability     numeric(4, 3) not null default 1.000 check (reliability between 0 and 1),
    last_heartbeat  timestamptz,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    unique (partner_id, code)
);

create table offer (
    id                      uuid primary key,
    site_id                 uuid not null references site (id),
    code                    text not null,
    gpu_model               text not null,
    gpus_per_node           int not null check (gpus_per_node > 0),
    total_gpus              int not null check (total_gpus > 0),
    window_start            timestamptz not null,
    window_end              timestamptz not null,
    currency                char(3) not null,
    unit_price              numeric(19, 6) not null check (unit_price > 0),
    price_tiers             text not null,
    min_term_hours          int not null check (min_term_hours > 0),
    min_gpus                int not null check (min_gpus > 0),
    requires_confirmation   boolean not null,
    sequence                bigint not null,
    status                  text not null check (status in ('LIVE', 'WITHDRAWN')),
    published_at            timestamptz not null,
    unique (site_id, code),
    check (window_end > window_start)
);
create index offer_live_model on offer (gpu_model) where status = 'LIVE';

-- One row per offer and hourly UTC slot, created lazily when a hold or booking first touches it.
-- The CHECK is the last line of defence against overbooking: the booking code never relies on it.
create table ledger_slot (
    offer_id    uuid not null references offer (id),
    slot_start  timestamptz not null,
    capacity    int not null,
    held        int not null default 0,
    booked      int not null default 0,
    primary key (offer_id, slot_start),
    constraint ledger_slot_not_overbooked check (held >= 0 and booked >= 0 and held + booked <= capacity)
);

-- Units of a currency that one US dollar buys, on a stated date.
create table exchange_rate (
    currency        char(3) primary key,
    units_per_usd   numeric(24, 10) not null check (units_per_usd > 0),
    as_of           date not null
);
insert into exchange_rate (currency, units_per_usd, as_of) values
    ('USD', 1, date '2026-11-20'),
    ('EUR', 0.9200000000, date '2026-11-20'),
    ('SGD', 1.3400000000, date '2026-11-20'),
    ('TWD', 32.1000000000, date '2026-11-20'),
    ('JPY', 151.2000000000, date '2026-11-20'),
    ('GBP', 0.7900000000, date '2026-11-20');

create table quote (
    id              text primary key,
    tenant_id       text not null,
    request         text not null,
    options         text not null,
    currency        char(3) not null,
    rates_date      date not null,
    status          text not null check (status in ('OPEN', 'EXPIRED')),
    created_at      timestamptz not null,
    expires_at      timestamptz not null
);
create index quote_open_expiry on quote (expires_at) where status = 'OPEN';

create table reservation (
    id                  text primary key,
    tenant_id           text not null,
    quote_id            text not null references quote (id),
    option_rank         int not null,
    status              text not null,
    gpu_count           int not null,
    start_at            timestamptz not null,
    end_at              timestamptz not null,
    currency            char(3) not null,
    total_amount        numeric(19, 4) not null,
    cancellation_fee    numeric(19, 4),
    partner_deadline    timestamptz,
    idempotency_key     text not null,
    request_hash        text not null,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    unique (tenant_id, idempotency_key)
);
create index reservation_tenant on reservation (tenant_id, created_at);
create index reservation_due on reservation (status, start_at, end_at);

-- One leg of a reservation: GPUs of one offer. A split booking has several.
create table reservation_allocation (
    id                      text primary key,
    reservation_id          text not null references reservation (id),
    offer_id                uuid not null references offer (id),
    site_id                 uuid not null references site (id),
    site_code               text not null,
    partner_id              text not null references partner (id),
    gpu_model               text not null,
    gpu_count               int not null check (gpu_count > 0),
    unit_price              numeric(19, 6) not null,
    offer_currency          char(3) not null,
    offer_currency_amount   numeric(19, 4) not null,
    amount                  numeric(19, 4) not null,
    requires_confirmation   boolean not null,
    decision                text check (decision in ('ACCEPTED', 'REJECTED'))
);
create index allocation_partner on reservation_allocation (partner_id, reservation_id);
create index allocation_reservation on reservation_allocation (reservation_id);

create table reservation_transition (
    id              bigserial primary key,
    reservation_id  text not null references reservation (id),
    from_status     text,
    to_status       text not null,
    actor           text not null,
    at              timestamptz not null,
    reason          text not null
);
create index transition_reservation on reservation_transition (reservation_id, id);

-- Who changed which catalogue entry, when, and what came of it (applied, ignored, refused).
create table catalog_audit (
    id          bigserial primary key,
    at          timestamptz not null,
    actor       text not null,
    entity      text not null,
    entity_id   text not null,
    action      text not null,
    detail      text not null
);
