-- The users' wrapped data keys, in a file of their own: a copy of the state database alone holds no key.
CREATE TABLE IF NOT EXISTS user_keys (
    user_key      TEXT PRIMARY KEY,
    master_key_id TEXT NOT NULL,
    wrapped       BLOB NOT NULL
) WITHOUT ROWID;
