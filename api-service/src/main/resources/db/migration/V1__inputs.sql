-- Portable between PostgreSQL and H2 (MODE=PostgreSQL), so both run one code path.
-- seq orders pages (keyset pagination); id is what clients see.
CREATE TABLE inputs (
  seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id         UUID         NOT NULL UNIQUE,
  source     VARCHAR(100) NOT NULL,
  payload    TEXT         NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX inputs_source_seq ON inputs (source, seq);
