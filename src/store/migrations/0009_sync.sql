-- candor schema 9: syncing through a folder (`candor sync DIR`).
--
-- A journal that syncs through a folder is one device of it: it writes its
-- own numbered change files there and reads everyone else's. `sync_folder`
-- is what it remembers of each folder: where it is, the folder's uid, this
-- journal's device uid and name, the key every file there is encrypted
-- under (derived from the sync code; kept so a later sync asks nothing),
-- the number of its last change file, and the time up to which its own
-- changes were written (the next file takes what changed since).
CREATE TABLE sync_folder (
    id              INTEGER PRIMARY KEY,
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
