-- The next key of a rotation is kept beside the current one until the state sealed with it is
-- written, so a crash in between never leaves the state under a key that was not kept.
ALTER TABLE user_keys ADD COLUMN pending_master_key_id TEXT NULL;
ALTER TABLE user_keys ADD COLUMN pending_wrapped BLOB NULL;
