-- The catalog as one row per item (it was one grain-state row holding every item, rewritten
-- whole on every change). The catalog grain moves a stored catalog over on its first activation.
CREATE TABLE IF NOT EXISTS catalog_items (
    item_id   TEXT PRIMARY KEY,
    category  TEXT NOT NULL,
    tags      TEXT NOT NULL,
    available INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS catalog_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
