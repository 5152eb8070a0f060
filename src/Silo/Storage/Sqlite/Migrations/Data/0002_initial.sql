-- The embedded store's tables. Version 1 was never released; 2 is the first schema files carry.
-- Like every table here, they hold pseudonymous keys or one-way digests only, never a user id.
CREATE TABLE IF NOT EXISTS grain_state (
    grain_type TEXT NOT NULL,
    grain_key  TEXT NOT NULL,
    state_name TEXT NOT NULL,
    etag       INTEGER NOT NULL,
    payload    TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (grain_type, grain_key, state_name)
) WITHOUT ROWID;

-- When each user's oldest retained behaviour expires (or re-keying is due), so the sweep finds
-- users who never come back without reading every row.
CREATE TABLE IF NOT EXISTS retention_schedule (
    user_key TEXT PRIMARY KEY,
    due_at   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS retention_schedule_due ON retention_schedule (due_at);

CREATE TABLE IF NOT EXISTS audit_log (
    sequence       INTEGER PRIMARY KEY AUTOINCREMENT,
    at             TEXT NOT NULL,
    kind           TEXT NOT NULL,
    actor_role     TEXT NOT NULL,
    subject_digest TEXT NULL,
    detail         TEXT NULL
);
CREATE INDEX IF NOT EXISTS audit_log_subject ON audit_log (subject_digest);

CREATE TABLE IF NOT EXISTS reminders (
    grain_id      TEXT NOT NULL,
    reminder_name TEXT NOT NULL,
    grain_hash    INTEGER NOT NULL,
    start_at      INTEGER NOT NULL,
    period_ms     INTEGER NOT NULL,
    etag          INTEGER NOT NULL,
    PRIMARY KEY (grain_id, reminder_name)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS reminders_hash ON reminders (grain_hash);
