-- The audit trail becomes a chain: each entry carries the MAC of the one before it and its own,
-- and a single sealed head row names the newest entry (so removing the newest entries shows).
ALTER TABLE personalization_audit_log ADD COLUMN IF NOT EXISTS previous text NULL;
ALTER TABLE personalization_audit_log ADD COLUMN IF NOT EXISTS mac text NULL;

-- Sequences are assigned by the chain (one after the head), not by an identity column.
ALTER TABLE personalization_audit_log ALTER COLUMN sequence DROP IDENTITY IF EXISTS;

CREATE TABLE IF NOT EXISTS personalization_audit_head (
    id       integer PRIMARY KEY CHECK (id = 1),
    sequence bigint  NOT NULL,
    mac      text    NOT NULL,
    seal     text    NOT NULL
);
