-- candor schema, version 5: one relationship across two journals.
--
-- The other uids a pair is known by: the uid a partner's journal gave the
-- same relationship (linked by `import --into`), or the uid of a pair merged
-- into it here (`pair merge`). An import naming one of them lands in the
-- pair, and an export carries them, so both journals keep meeting in one pair.
CREATE TABLE pair_alias (
    uid        TEXT PRIMARY KEY,
    pair_id    INTEGER NOT NULL REFERENCES pair (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX pair_alias_by_pair ON pair_alias (pair_id);
