-- Billing documents (ADR 0009, docs/billing.md sections 8-12): billing runs, invoices with their
-- lines, credit notes, partner statements, payouts, Stripe events, and the financial audit trail.
-- Amounts are numeric at four decimals like the journal, and always at the currency's minor unit.

-- Where a partner is paid: its Stripe Connect account. Without one its payouts wait (PENDING).
alter table partner add column stripe_account_id text
    constraint partner_stripe_account check (stripe_account_id ~ '^acct_[A-Za-z0-9]+$');

-- A tenant's Stripe customer, recorded as soon as Stripe answered. Tenant ids come from tokens
-- (ADR 0005), so there is no foreign key to the tenant table.
create table billing_customer (
    tenant_id           text primary key,
    stripe_customer_id  text not null unique,
    created_at          timestamptz not null
);

-- One run per period. The lease makes it single-writer: a run works only while it holds the lease,
-- which it takes with a conditional update and renews at every step.
create table billing_run (
    id            text primary key,
    period        char(7) not null unique check (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    status        text not null check (status in ('RUNNING', 'COMPLETED', 'FAILED')),
    step          text not null check (step in ('CLOSE', 'INVOICES', 'PAYOUTS', 'DONE')),
    attempts      int not null check (attempts >= 0),
    lease_owner   text,
    leased_until  timestamptz,
    last_error    text,
    started_by    text not null,
    started_at    timestamptz not null,
    updated_at    timestamptz not null,
    completed_at  timestamptz,
    constraint billing_run_completed check ((status = 'COMPLETED') = (completed_at is not null))
);

-- One invoice per tenant, currency and period; the broker's document, final once issued.
-- The Stripe columns are filled one by one as Stripe answers, so that a rerun resumes.
create table invoice (
    id                  text primary key,
    run_id              text not null references billing_run (id),
    period              char(7) not null,
    tenant_id           text not null,
    currency            char(3) not null,
    total               numeric(19, 4) not null check (total >= 0),
    status              text not null check (status in ('ISSUED', 'PAID', 'PAYMENT_FAILED')),
    issued_at           timestamptz not null,
    paid_at             timestamptz,
    amount_paid         numeric(19, 4) check (amount_paid >= 0),
    stripe_customer_id  text,
    stripe_invoice_id   text unique,
    stripe_status       text check (stripe_status in ('draft', 'open', 'paid', 'uncollectible', 'void')),
    stripe_number       text,
    finalized_at        timestamptz,
    constraint invoice_once unique (period, tenant_id, currency),
    constraint invoice_paid check ((status = 'PAID') = (paid_at is not null)),
    constraint invoice_stripe check ((stripe_invoice_id is null) = (stripe_status is null)),
    constraint invoice_finalized check ((finalized_at is not null) = (stripe_number is not null))
);
create index invoice_tenant on invoice (tenant_id, period);
create index invoice_run on invoice (run_id);

-- One line per rated line (docs/billing.md section 2): exact amount beside the rounded one.
create table invoice_line (
    id                      text primary key,
    invoice_id              text not null references invoice (id),
    line_no                 int not null check (line_no > 0),
    reservation_id          text not null references reservation (id),
    allocation_id           text not null references reservation_allocation (id),
    partner_id              text not null references partner (id),
    offer_id                uuid not null references offer (id),
    kind                    text not null check (kind in ('RESERVED', 'OVERAGE', 'CANCELLATION_FEE')),
    quantity                numeric(19, 6) not null check (quantity > 0),
    unit_price              numeric(19, 8) not null check (unit_price > 0),
    currency                char(3) not null,
    exact_amount            numeric(38, 14) not null check (exact_amount >= 0),
    amount                  numeric(19, 4) not null check (amount >= 0),
    stripe_invoice_item_id  text unique,
    unique (invoice_id, line_no),
    unique (invoice_id, allocation_id, kind)
);
create index invoice_line_partner on invoice_line (partner_id);

-- A correction is a new document against an invoice, never an edit of it.
create table credit_note (
    id          text primary key,
    invoice_id  text not null references invoice (id),
    -- The month it was issued in: its journal period, and the statement that absorbs it.
    period      char(7) not null check (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    tenant_id   text not null,
    currency    char(3) not null,
    amount      numeric(19, 4) not null check (amount > 0),
    reason      text not null check (length(reason) between 1 and 500),
    issued_at   timestamptz not null,
    issued_by   text not null
);
create index credit_note_invoice on credit_note (invoice_id);
create index credit_note_period on credit_note (period);

create table credit_note_line (
    credit_note_id   text not null references credit_note (id),
    line_no          int not null check (line_no > 0),
    invoice_line_id  text not null references invoice_line (id),
    partner_id       text not null references partner (id),
    amount           numeric(19, 4) not null check (amount > 0),
    primary key (credit_note_id, line_no)
);
create index credit_note_line_invoice_line on credit_note_line (invoice_line_id);

-- Per partner, period and currency: invoiced minus credited is gross; commission; net payout.
create table partner_statement (
    id               text primary key,
    run_id           text not null references billing_run (id),
    period           char(7) not null,
    partner_id       text not null references partner (id),
    currency         char(3) not null,
    invoiced         numeric(19, 4) not null check (invoiced >= 0),
    credited         numeric(19, 4) not null check (credited >= 0),
    gross            numeric(19, 4) not null,
    commission_rate  numeric(5, 4) not null check (commission_rate between 0 and 1),
    commission       numeric(19, 4) not null,
    net              numeric(19, 4) not null,
    created_at       timestamptz not null,
    constraint partner_statement_once unique (period, partner_id, currency),
    constraint partner_statement_gross check (gross = invoiced - credited),
    constraint partner_statement_net check (net = gross - commission)
);
create index partner_statement_partner on partner_statement (partner_id, period);

-- The money a statement owes its partner, sent as one Stripe Connect transfer.
create table payout (
    id                  text primary key,
    statement_id        text not null unique references partner_statement (id),
    run_id              text not null references billing_run (id),
    period              char(7) not null,
    partner_id          text not null references partner (id),
    currency            char(3) not null,
    amount              numeric(19, 4) not null check (amount > 0),
    status              text not null check (status in ('PENDING', 'PAID', 'FAILED', 'REVERSED')),
    destination         text,
    stripe_transfer_id  text unique,
    failure             text,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    constraint payout_transferred check ((status in ('PAID', 'REVERSED')) = (stripe_transfer_id is not null))
);
create index payout_period on payout (period);

-- Every Stripe event the webhook accepted, once: a redelivery finds its id here and changes nothing.
create table stripe_event (
    id           text primary key,
    type         text not null,
    object_id    text,
    outcome      text not null,
    received_at  timestamptz not null
);

-- Who did what to which financial document, when. Append-only, like the journal.
create table finance_audit (
    id             bigint generated always as identity primary key,
    at             timestamptz not null,
    actor          text not null,
    document_type  text not null check (document_type in ('BILLING_RUN', 'INVOICE', 'CREDIT_NOTE', 'STATEMENT', 'PAYOUT',
                                                     'PARTNER')),
    document_id    text not null,
    action         text not null,
    detail         text not null
);
create index finance_audit_document on finance_audit (document_id, id);

create function finance_document_fixed() returns trigger language plpgsql as $$
begin
    raise exception 'financial records are append-only: % on % refused', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
end $$;

create trigger finance_audit_append_only before update or delete on finance_audit
    for each row execute function finance_document_fixed();

-- Issued documents never change their money: lines, credit notes and statements are immutable.
create trigger invoice_line_amounts_fixed before update of invoice_id, reservation_id, allocation_id, partner_id,
    kind, quantity, unit_price, currency, exact_amount, amount or delete on invoice_line
    for each row execute function finance_document_fixed();
create trigger credit_note_append_only before update or delete on credit_note
    for each row execute function finance_document_fixed();
create trigger credit_note_line_append_only before update or delete on credit_note_line
    for each row execute function finance_document_fixed();
create trigger partner_statement_append_only before update or delete on partner_statement
    for each row execute function finance_document_fixed();

-- A transfer that Stripe reversed gives the money back to the platform: its own journal entry.
alter table journal_entry drop constraint journal_entry_kind_check;
alter table journal_entry add constraint journal_entry_kind_check check (kind in ('INVOICE_ISSUED', 'CREDIT_NOTE',
    'PAYMENT_RECEIVED', 'COMMISSION_EARNED', 'PAYOUT_MADE', 'PAYOUT_REVERSED'));
