-- candor schema, version 6: undo from anywhere, and one idea of the next meeting.
--
-- The last entry deleted, kept whole so that `u` on the screen and `candor
-- undo` can put it back, whichever of them deleted it (at most one row; the
-- next deletion replaces it, and erasing a pair forgets it). `row` holds the
-- entry's columns as one JSON object (a BLOB as {"blob": hex}), `progress`
-- a goal's progress rows as a JSON array. A sealed text stays sealed in it;
-- a private text kept in clear (no passphrase then) is forgotten when a
-- passphrase is set, and a sealed one when the passphrase is removed.
-- `old_binding_accepted` records whether a text sealed the pre-0.6 way
-- could still be opened when it was deleted (see binding.rs). A later
-- migration that changes an entry table must bring this row along (or
-- empty the table).
CREATE TABLE undo_entry (
    id                   INTEGER PRIMARY KEY CHECK (id = 1),
    kind                 TEXT NOT NULL,
    pair_id              INTEGER NOT NULL REFERENCES pair (id) ON DELETE CASCADE,
    row                  TEXT NOT NULL,
    progress             TEXT NOT NULL DEFAULT '[]',
    old_binding_accepted INTEGER NOT NULL CHECK (old_binding_accepted IN (0, 1)),
    deleted_at           TEXT NOT NULL
);

-- A pair's next meeting is its earliest planned meeting (a meeting later
-- than now), no longer a date of its own. Before this file runs, the
-- program planned a meeting for each pair whose date was today or later
-- and had no meeting that day (migrate.rs); a date already past named a
-- day that has gone by and is not made into a meeting (the copy of the
-- journal taken before the upgrade keeps it).
ALTER TABLE pair DROP COLUMN next_meeting_on;
