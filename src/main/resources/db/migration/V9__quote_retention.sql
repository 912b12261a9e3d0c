-- Expired quotes that no reservation booked are deleted after broker.quote-retention (ADR 0015).
-- BOOKED: expired, and a reservation refers to it, so it is kept as long as the reservation.
alter table quote drop constraint quote_status_check;
alter table quote add constraint quote_status_check check (status in ('OPEN', 'EXPIRED', 'BOOKED'));
-- The quotes a retention batch may take; a new quote is OPEN and adds no entry here.
create index quote_expired on quote (expires_at) where status = 'EXPIRED';
-- Whether a quote was booked; also what the foreign key checks when a quote is deleted.
create index reservation_quote on reservation (quote_id);
