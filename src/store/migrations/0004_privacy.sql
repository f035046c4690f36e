-- candor schema, version 4: private stays private.
--
-- A sealed text is bound to its pair as well as to its row. `binding` says
-- which associated data a row was sealed with: 1, the row's uid and field
-- alone (as written before 0.6); 2, the pair's uid, the row's uid and the
-- field (a draft with no pair names a fixed marker instead of a pair). A
-- binding-2 text opens only in the pair its row is in now, so a row moved to
-- another pair in the file shows as damaged there. Rows sealed the old way
-- are sealed again the next time the journal is unlocked (those that open;
-- the others stay as they are and show as damaged); from then on
-- `journal_fact` 'binding_floor' = '2' refuses the old binding.
--
-- The limit: the floor is stored in clear, so someone who can write the
-- file can lower it (and mark a moved row as binding 1 again). File
-- permissions are the defence there, as for everything else in clear.
ALTER TABLE note ADD COLUMN binding INTEGER NOT NULL DEFAULT 1 CHECK (binding IN (1, 2));
ALTER TABLE checkin ADD COLUMN binding INTEGER NOT NULL DEFAULT 1 CHECK (binding IN (1, 2));
ALTER TABLE draft ADD COLUMN binding INTEGER NOT NULL DEFAULT 1 CHECK (binding IN (1, 2));

-- Small facts about the journal itself, by name.
CREATE TABLE journal_fact (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Files written by `candor backup`, so that setting a passphrase can name
-- the copies made before it, which still hold private text in clear.
CREATE TABLE backup_copy (
    id          INTEGER PRIMARY KEY,
    path        TEXT NOT NULL,
    made_at     TEXT NOT NULL,
    -- 1 when a passphrase was set as the copy was made (its private text is sealed).
    sealed      INTEGER NOT NULL CHECK (sealed IN (0, 1))
);
