-- The audit trail of @brane/audit's PostgresAuditSink. Every writer (one sink, one process) appends to its own stream:
-- a hash chain of its records (`seq` 1, 2, 3 … each `hash` covering the one before), so that writers never wait on
-- one another's chain. `event_json` is the exact canonical JSON the hash covers; `event` is the same record as jsonb,
-- for ad hoc SQL; the other columns are copies of the fields `brane audit query` filters on (bounded to 500
-- characters, so that a hostile value cannot overflow an index row), checked against `event_json` by verify.
CREATE TABLE audit_streams (
  stream text COLLATE "C" PRIMARY KEY,
  seq bigint NOT NULL,                 -- the last record of the stream: a table cut short is detected
  hash text COLLATE "C" NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_records (
  stream text COLLATE "C" NOT NULL,
  seq bigint NOT NULL,
  prev text COLLATE "C" NOT NULL,
  hash text COLLATE "C" NOT NULL,
  time timestamptz NOT NULL,
  type text COLLATE "C" NOT NULL,
  capability text COLLATE "C",
  tenant_id text COLLATE "C",
  principal_id text COLLATE "C",
  action_id text COLLATE "C",
  outcome text COLLATE "C",
  phase text COLLATE "C",
  event_json text NOT NULL,
  event jsonb NOT NULL,
  PRIMARY KEY (stream, seq)
);

CREATE INDEX audit_records_time ON audit_records (time);
CREATE INDEX audit_records_tenant_time ON audit_records (tenant_id, time);
CREATE INDEX audit_records_capability_time ON audit_records (capability, time);
CREATE INDEX audit_records_principal_time ON audit_records (principal_id, time);
CREATE INDEX audit_records_outcome_time ON audit_records (outcome, time);
CREATE INDEX audit_records_action ON audit_records (action_id);
