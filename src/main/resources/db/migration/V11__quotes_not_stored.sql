-- Quotes are no longer stored: each option carries a signed booking token with what a booking
-- needs of it (ADR 0016). A reservation keeps the id of the quote it booked, for the record.
alter table reservation drop constraint reservation_quote_id_fkey;
drop index reservation_quote;
drop table quote;
