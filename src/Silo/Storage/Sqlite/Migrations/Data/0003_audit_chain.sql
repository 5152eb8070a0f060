-- The audit trail becomes a hash chain: each entry carries the MAC of the one before it and its
-- own, and the sealed head makes truncation detectable.
ALTER TABLE audit_log ADD COLUMN previous TEXT NULL;
ALTER TABLE audit_log ADD COLUMN mac TEXT NULL;
CREATE TABLE IF NOT EXISTS audit_head (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    sequence INTEGER NOT NULL,
    mac      TEXT NOT NULL,
    seal     TEXT NOT NULL
);
