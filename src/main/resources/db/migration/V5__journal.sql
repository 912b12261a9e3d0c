-- The double-entry journal, docs/billing.md section 5, and the partners' commission rates (section 4).

-- The broker's commission on a partner's gross, agreed per partner; 10 % unless agreed otherwise.
alter table partner add column commission_rate numeric(5, 4) not null default 0.1000
    check (commission_rate >= 0 and commission_rate <= 1);

-- One money movement: one currency, one business document, posted once.
create table journal_entry (
    id           text primary key,
    -- Posting order, also among the entries of one transaction (which share posted_at).
    seq          bigint generated always as identity unique,
    period       char(7) not null check (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    kind         text not null check (kind in ('INVOICE_ISSUED', 'CREDIT_NOTE', 'PAYMENT_RECEIVED',
                                               'COMMISSION_EARNED', 'PAYOUT_MADE')),
    document_id  text not null,
    currency     char(3) not null,
    description  text not null,
    posted_at    timestamptz not null,
    posted_by    text not null,
    constraint journal_entry_once unique (kind, document_id)
);
create index journal_entry_period on journal_entry (period, seq);

-- Each line is a debit or a credit, never both, never zero or negative, in its entry's currency.
create table journal_line (
    entry_id  text not null references journal_entry (id),
    line_no   int not null check (line_no > 0),
    account   text not null check (account in ('tenant-receivable', 'partner-revenue-due', 'credit-notes',
                                                'commission-revenue', 'partner-payable', 'stripe-clearing')),
    party     text,
    debit     numeric(19, 4),
    credit    numeric(19, 4),
    primary key (entry_id, line_no),
    constraint journal_line_one_side check ((debit is null) <> (credit is null)),
    constraint journal_line_positive check (coalesce(debit, credit) > 0)
);

-- Checked at commit (deferred), when all lines of the entry are in: debits = credits, two lines at least.
create function journal_check_entry(entry text) returns void language plpgsql as $$
declare
    debits  numeric;
    credits numeric;
    lines   int;
begin
    select coalesce(sum(debit), 0), coalesce(sum(credit), 0), count(*) into debits, credits, lines
    from journal_line where entry_id = entry;
    if lines < 2 or debits <> credits then
        raise exception 'journal entry % does not balance: debits %, credits %, % line(s)', entry, debits, credits, lines
            using errcode = 'check_violation';
    end if;
end $$;

create function journal_entry_balanced() returns trigger language plpgsql as $$
begin
    perform journal_check_entry(new.id);
    return null;
end $$;

create function journal_line_balanced() returns trigger language plpgsql as $$
begin
    perform journal_check_entry(new.entry_id);
    return null;
end $$;

create constraint trigger journal_entry_balanced after insert on journal_entry
    deferrable initially deferred for each row execute function journal_entry_balanced();
create constraint trigger journal_line_balanced after insert on journal_line
    deferrable initially deferred for each row execute function journal_line_balanced();

-- The journal is append-only: a correction is a new entry (a credit note), never an edit.
create function journal_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the journal is append-only: % on % refused', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
end $$;

create trigger journal_entry_append_only before update or delete on journal_entry
    for each row execute function journal_append_only();
create trigger journal_line_append_only before update or delete on journal_line
    for each row execute function journal_append_only();
