-- Idempotency-Key (IETF httpapi draft, Stripe's semantics): the key a client sent with the POST
-- that created the row, and a hash of that request, written in the same statement as the row, so
-- a retry finds the original answer exactly when the original write committed.
ALTER TABLE inputs ADD COLUMN idempotency_key VARCHAR(255);
ALTER TABLE inputs ADD COLUMN request_hash CHAR(64);
-- Unique, and NULLs (inputs created without a key) do not collide, in PostgreSQL and H2 alike.
CREATE UNIQUE INDEX inputs_idempotency_key ON inputs (idempotency_key);
