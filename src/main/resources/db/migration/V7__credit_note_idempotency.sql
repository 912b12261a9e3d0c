-- Credit notes take the client's Idempotency-Key (DESIGN.md invariant 2): a retry answers the note
-- already issued instead of issuing a second one. Finance has no organisation to scope keys by, so
-- a key is unique over all credit notes: the same key on another invoice is another request (422).
-- Notes issued before this migration have neither key nor fingerprint.
alter table credit_note
    add column idempotency_key text check (length(idempotency_key) between 1 and 128),
    add column request_hash    text,
    add constraint credit_note_key_with_hash check ((idempotency_key is null) = (request_hash is null)),
    add constraint credit_note_idempotency_key unique (idempotency_key);
