-- The project's own tables. Like every table here, they hold pseudonymous keys or one-way
-- digests only, never a user id.

-- When each user's oldest retained behaviour expires: lets the retention sweep find users who
-- never come back without reading every grain-state row. Erasure deletes the user's entry.
CREATE TABLE IF NOT EXISTS personalization_retention_schedule (
    user_key text        PRIMARY KEY,
    due_at   timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS personalization_retention_schedule_due
    ON personalization_retention_schedule (due_at);

-- The audit trail: consent changes, exports, erasures, admin actions. Subjects appear as a
-- one-way digest of the pseudonym.
CREATE TABLE IF NOT EXISTS personalization_audit_log (
    sequence       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             timestamptz NOT NULL,
    kind           text        NOT NULL,
    actor_role     text        NOT NULL,
    subject_digest text        NULL,
    detail         text        NULL
);
CREATE INDEX IF NOT EXISTS personalization_audit_log_subject ON personalization_audit_log (subject_digest);
CREATE INDEX IF NOT EXISTS personalization_audit_log_at ON personalization_audit_log (at);
