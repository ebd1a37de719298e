-- The statement GET /api/inputs/{id} runs (InputStore.find); :id is the seeded input (pgbench -D).
SELECT seq, id, source, payload, created_at FROM inputs WHERE id = :id;
