-- Behaviour appended since a user's state row was last written, one sealed entry per delivery
-- (see UserJournal): a new event costs its own bytes, not a rewrite of the whole state. Entries
-- are folded into the state row and deleted every few dozen appends, and with the user on erasure.
CREATE TABLE IF NOT EXISTS personalization_user_journal (
    user_key text   NOT NULL,
    sequence bigint NOT NULL,
    payload  bytea  NOT NULL,
    PRIMARY KEY (user_key, sequence)
);
