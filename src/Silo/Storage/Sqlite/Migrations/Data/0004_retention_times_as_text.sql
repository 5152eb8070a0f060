-- Deadlines are stored like every other time in this file (fixed-width UTC text), so the ports
-- share one SQL text with PostgreSQL. Milliseconds since the epoch convert exactly.
CREATE TABLE retention_schedule_next (
    user_key TEXT PRIMARY KEY,
    due_at   TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO retention_schedule_next (user_key, due_at)
    SELECT user_key, strftime('%Y-%m-%dT%H:%M:%f', due_at / 1000.0, 'unixepoch') || '0000Z' FROM retention_schedule;
DROP TABLE retention_schedule;
ALTER TABLE retention_schedule_next RENAME TO retention_schedule;
CREATE INDEX retention_schedule_due ON retention_schedule (due_at);
