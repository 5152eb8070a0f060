-- The catalog as one row per item (it was one grain-state row holding every item, rewritten
-- whole on every change). The catalog grain moves a stored catalog over on its first activation.
CREATE TABLE IF NOT EXISTS personalization_catalog_items (
    item_id   text   PRIMARY KEY,
    category  text   NOT NULL,
    tags      text   NOT NULL,
    available bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS personalization_catalog_version (
    id      integer PRIMARY KEY CHECK (id = 1),
    version bigint  NOT NULL
);
