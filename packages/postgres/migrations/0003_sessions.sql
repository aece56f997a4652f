-- Sessions of @brane/sessions. `state` is the session's history as JSON (entries, labels held, counters), written
-- whole under a row lock; value fingerprints (keyed HMACs, never values) live in their own table, so that a call
-- reads only the fingerprints of its own arguments.
CREATE TABLE sessions (
  id text COLLATE "C" PRIMARY KEY,
  state json NOT NULL,
  updated_ms bigint NOT NULL,          -- the last recorded action, epoch milliseconds: the time to live runs from it
  fingerprint_seq bigint NOT NULL DEFAULT 0
);

CREATE INDEX sessions_updated_ms ON sessions (updated_ms);

CREATE TABLE session_fingerprints (
  session_id text COLLATE "C" NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  fingerprint text COLLATE "C" NOT NULL,
  labels text[] NOT NULL,
  seq bigint NOT NULL,                 -- insertion order: past the bound, the lowest are dropped
  PRIMARY KEY (session_id, fingerprint)
);

CREATE INDEX session_fingerprints_seq ON session_fingerprints (session_id, seq);
