-- Each user's data key, wrapped with a master key that never enters the database. Deleting a row
-- crypto-shreds everything stored for that user, in this database and in its backups.
CREATE TABLE IF NOT EXISTS personalization_user_keys (
    user_key      text  PRIMARY KEY,
    master_key_id text  NOT NULL,
    wrapped       bytea NOT NULL
);
