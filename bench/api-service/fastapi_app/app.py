"""The guides' own stack, for comparison: the three benchmarked endpoints in FastAPI.

Written as the guides' teams would for production: async all the way (asyncpg pool, uvloop,
httptools), pydantic validation, the same table and the same JSON as api-service. It is a
benchmark peer, not a second implementation of api-service: only these three endpoints exist.
"""

import json
import os
import uuid
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from typing import Any

import asyncpg
from fastapi import FastAPI, HTTPException, Response
from pydantic import BaseModel, Field

SCHEMA = """
CREATE TABLE IF NOT EXISTS inputs (
  seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id         UUID         NOT NULL UNIQUE,
  source     VARCHAR(100) NOT NULL,
  payload    TEXT         NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX IF NOT EXISTS inputs_source_seq ON inputs (source, seq);
"""


class NewInput(BaseModel):
    source: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")
    payload: Any = Field(...)


@asynccontextmanager
async def lifespan(app: FastAPI):
    pool_size = int(os.environ.get("DATABASE_POOL_SIZE", "10"))
    app.state.pool = await asyncpg.create_pool(
        dsn=os.environ["DATABASE_URL"], min_size=2, max_size=pool_size, command_timeout=5
    )
    async with app.state.pool.acquire() as connection:
        # Workers start together; the advisory lock keeps them from racing on CREATE.
        async with connection.transaction():
            await connection.execute("SELECT pg_advisory_xact_lock(42)")
            await connection.execute(SCHEMA)
    yield
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan)


def _render(row) -> dict:
    return {
        "id": str(row["id"]),
        "source": row["source"],
        "payload": json.loads(row["payload"]),
        "createdAt": row["created_at"].isoformat().replace("+00:00", "Z"),
    }


@app.get("/health/readiness")
async def readiness():
    return {"status": "UP"}


@app.post("/api/inputs", status_code=201)
async def create_input(body: NewInput, response: Response):
    if body.payload is None:
        raise HTTPException(status_code=400, detail="payload must not be null")
    input_id = uuid.uuid4()
    created_at = datetime.now(timezone.utc)
    async with app.state.pool.acquire() as connection:
        await connection.execute(
            "INSERT INTO inputs (id, source, payload, created_at) VALUES ($1, $2, $3, $4)",
            input_id,
            body.source,
            json.dumps(body.payload),
            created_at,
        )
    response.headers["Location"] = f"/api/inputs/{input_id}"
    return {
        "id": str(input_id),
        "source": body.source,
        "payload": body.payload,
        "createdAt": created_at.isoformat().replace("+00:00", "Z"),
    }


@app.get("/api/inputs/{input_id}")
async def get_input(input_id: uuid.UUID):
    async with app.state.pool.acquire() as connection:
        row = await connection.fetchrow(
            "SELECT id, source, payload, created_at FROM inputs WHERE id = $1", input_id
        )
    if row is None:
        raise HTTPException(status_code=404, detail=f"No input with id {input_id}")
    return _render(row)
