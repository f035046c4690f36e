-- candor schema 9: syncing through a folder (`candor sync DIR`).
--
-- A journal that syncs through a folder is one device of it: it writes its
-- own numbered change files there and reads everyone else's. `sync_folder`
-- is what it remembers of each folder: where it is, the folder's uid, this
-- journal's device uid and name, the key every file there is encrypted
-- under (derived from the sync code; kept so a later sync asks nothing),
-- the number of its last change file, and the time up to which its own
-- changes were written (the next file takes what changed since). A folder
-- shared with a partner (`--pair PAIR`) carries that one pair only.
CREATE TABLE sync_folder (
    id              INTEGER PRIMARY KEY,
    pair_id         INTEGER REFERENCES pair (id) ON DELETE CASCADE,
    path            TEXT NOT NULL UNIQUE,
    folder_uid      TEXT NOT NULL,
    device_uid      TEXT NOT NULL,
    device_name     TEXT NOT NULL,
    sync_key        BLOB NOT NULL CHECK (length(sync_key) = 32),
    written_seq     INTEGER NOT NULL DEFAULT 0,
    written_until   TEXT,
    snapshot_seq    INTEGER NOT NULL DEFAULT 0,
    last_synced_at  TEXT,
    created_at      TEXT NOT NULL
);

-- What changed since a time, for the next change file: read from an index
-- on each table's time of change, not by reading every row.
CREATE INDEX checklist_item_by_update ON checklist_item (updated_at);
CREATE INDEX strength_by_update ON strength (updated_at);
CREATE INDEX experience_by_update ON experience (updated_at);
CREATE INDEX meeting_by_update ON meeting (updated_at);
CREATE INDEX feedback_by_update ON feedback (updated_at);
CREATE INDEX note_by_update ON note (updated_at) WHERE NOT private;
CREATE INDEX action_item_by_update ON action_item (updated_at);
CREATE INDEX goal_by_update ON goal (updated_at);
CREATE INDEX goal_progress_by_time ON goal_progress (noted_at);

-- Every file of the folder this journal has applied, by a digest of its
-- bytes: a file read twice (a copy a folder-sync tool made, a replay)
-- changes nothing twice. Written in the transaction of its merge.
CREATE TABLE sync_applied (
    folder_id   INTEGER NOT NULL REFERENCES sync_folder (id) ON DELETE CASCADE,
    digest      BLOB NOT NULL,
    device_uid  TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    applied_at  TEXT NOT NULL,
    PRIMARY KEY (folder_id, digest)
) WITHOUT ROWID;
CREATE INDEX sync_applied_by_device ON sync_applied (folder_id, device_uid, seq);

-- Devices this journal no longer reads (`candor sync DIR --forget DEVICE`).
CREATE TABLE sync_forgotten (
    folder_id   INTEGER NOT NULL REFERENCES sync_folder (id) ON DELETE CASCADE,
    device_uid  TEXT NOT NULL,
    forgotten_at TEXT NOT NULL,
    PRIMARY KEY (folder_id, device_uid)
) WITHOUT ROWID;

-- An edit is always later than what it replaces. A device whose clock is
-- behind another's could otherwise edit an entry it received from there
-- and give it an older time: its edit would lose on every other device
-- and win on its own, and the journals would never agree again. A time
-- that is not later than the row's is moved to a millisecond after it.
CREATE TRIGGER pair_edit_is_later AFTER UPDATE OF updated_at ON pair
    WHEN new.updated_at <= old.updated_at
BEGIN
    UPDATE pair SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', old.updated_at, '+0.001 seconds')
    WHERE id = new.id;
END;
CREATE TRIGGER checklist_item_edit_is_later AFTER UPDATE OF updated_at ON checklist_item
    WHEN new.updated_at <= old.updated_at
BEGIN
    UPDATE checklist_item SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', old.updated_at, '+0.001 seconds')
    WHERE id = new.id;
END;
CREATE TRIGGER strength_edit_is_later AFTER UPDATE OF updated_at ON strength
    WHEN new.updated_at <= old.updated_at
BEGIN
    UPDATE strength SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', old.updated_at, '+0.001 seconds')
    WHERE id = new.id;
END;
CREATE TRIGGER experience_edit_is_later AFTER UPDATE OF updated_at ON experience
    WHEN new.updated_at <= old.updated_at
BEGIN
    UPDATE experience SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', old.updated_at, '+0.001 seconds')
    WHERE id = new.id;
END;
CREATE TRIGGER meeting_edit_is_later AFTER UPDATE OF updated_at ON meeting
    WHEN new.updated_at <= old.updated_at
BEGIN
    UPDATE meeting SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', old.updated_at, '+0.001 seconds')
    WHERE id = new.id;
END;
CREATE TRIGGER feedback_edit_is_later AFTER UPDATE OF updated_at ON feedback
    WHEN new.updated_at <= old.updated_at
BEGIN
    UPDATE feedback SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', old.updated_at, '+0.001 seconds')
    WHERE id = new.id;
END;
CREATE TRIGGER note_edit_is_later AFTER UPDATE OF updated_at ON note
    WHEN new.updated_at <= old.updated_at
BEGIN
    UPDATE note SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', old.updated_at, '+0.001 seconds')
    WHERE id = new.id;
END;
CREATE TRIGGER action_item_edit_is_later AFTER UPDATE OF updated_at ON action_item
    WHEN new.updated_at <= old.updated_at
BEGIN
    UPDATE action_item SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', old.updated_at, '+0.001 seconds')
    WHERE id = new.id;
END;
CREATE TRIGGER goal_edit_is_later AFTER UPDATE OF updated_at ON goal
    WHEN new.updated_at <= old.updated_at
BEGIN
    UPDATE goal SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', old.updated_at, '+0.001 seconds')
    WHERE id = new.id;
END;
CREATE TRIGGER checkin_edit_is_later AFTER UPDATE OF updated_at ON checkin
    WHEN new.updated_at <= old.updated_at
BEGIN
    UPDATE checkin SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', old.updated_at, '+0.001 seconds')
    WHERE id = new.id;
END;
