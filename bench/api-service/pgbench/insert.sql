-- The statement POST /api/inputs runs (InputStore.create), with post.lua's payload, no key.
INSERT INTO inputs (id, source, payload, created_at, idempotency_key, request_hash)
  VALUES (gen_random_uuid(), 'bench', '{"temperature":21.5,"tags":["a","b"],"ok":true}', now(), NULL, NULL);
