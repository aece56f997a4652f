-- Approval records of @brane/approvals. `body` is the sealed record, kept as JSON text exactly as Brane wrote it
-- (the seal covers it, so it is never rewritten by the database). The other columns copy the fields that
-- `list` filters on, so that a page of a large queue is an index scan: they are written with `body` by the
-- same statement, and read only to choose rows (Brane verifies the seal of every record it returns).
CREATE TABLE approvals (
  id text COLLATE "C" PRIMARY KEY,     -- "C": ids sort by code unit, the order of keyset pages in every store
  seal text NOT NULL,                  -- compare-and-set: UPDATE ... WHERE id = $1 AND seal = $2
  body json NOT NULL,
  status text,                         -- pending, approved, rejected, executing, completed
  capability text,
  tenant_id text,
  requested_ms bigint,                 -- requestedAt and expiresAt in epoch milliseconds; NULL if unreadable
  expires_ms bigint
);

CREATE INDEX approvals_status_id ON approvals (status, id);
CREATE INDEX approvals_tenant_id_id ON approvals (tenant_id, id);
CREATE INDEX approvals_capability_id ON approvals (capability, id);
CREATE INDEX approvals_requested_ms ON approvals (requested_ms);
