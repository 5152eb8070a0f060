-- A user's data key is replaced whenever personal data is removed, so older row versions (dead
-- tuples, WAL, replicas, backups) stay sealed under a key that no longer exists. The next key is
-- stored beside the current one until the state sealed with it is written, so a crash in between
-- never leaves the state under a key that was not kept.
ALTER TABLE personalization_user_keys ADD COLUMN IF NOT EXISTS pending_master_key_id text NULL;
ALTER TABLE personalization_user_keys ADD COLUMN IF NOT EXISTS pending_wrapped bytea NULL;
