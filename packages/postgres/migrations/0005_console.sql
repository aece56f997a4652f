-- The approval console of @brane/console: webhook outbox, scan position and sign-in sessions.
--
-- The webhook outbox: one row per approval and event (the key), delivered at least once. A console leases due rows
-- with FOR UPDATE SKIP LOCKED (lease_owner, lease_until_ms), so two consoles never send one at once.
CREATE TABLE console_webhook_outbox (
  key text COLLATE "C" PRIMARY KEY,           -- '<approval id>:<event>', also the Idempotency-Key header
  seq bigint GENERATED ALWAYS AS IDENTITY,    -- queue order
  approval_id text COLLATE "C" NOT NULL,
  event text NOT NULL,
  body text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_ms bigint NOT NULL,
  next_attempt_ms bigint NOT NULL,
  updated_ms bigint NOT NULL,
  lease_owner text,
  lease_until_ms bigint
);

CREATE INDEX console_webhook_outbox_due ON console_webhook_outbox (next_attempt_ms) WHERE status = 'pending';
CREATE INDEX console_webhook_outbox_seq ON console_webhook_outbox (seq);

-- Where the last scan of the approvals started (one row), and the approvals seen pending, whose end is announced.
CREATE TABLE console_webhook_scan (
  id text PRIMARY KEY CHECK (id = 'scan'),
  position_ms bigint NOT NULL
);

CREATE TABLE console_webhook_watch (
  approval_id text COLLATE "C" PRIMARY KEY
);

-- Signed-in console sessions: keyed by the SHA-256 of the cookie, never the cookie itself.
CREATE TABLE console_sessions (
  token_sha256 text COLLATE "C" PRIMARY KEY,
  user_id text COLLATE "C" NOT NULL,
  identity json NOT NULL,
  created_ms bigint NOT NULL,
  expires_ms bigint NOT NULL
);

CREATE INDEX console_sessions_user ON console_sessions (user_id);
CREATE INDEX console_sessions_expires ON console_sessions (expires_ms);
