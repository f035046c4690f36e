-- candor schema, version 2: private text under a passphrase.
--
-- Once a passphrase is set, private notes and drafts of them are sealed to
-- the public key below as they are written (`sealed` holds HPKE output, the
-- clear columns are emptied). The secret key is kept only wrapped: once
-- under a key derived from the passphrase, once under one derived from the
-- recovery code, each with its own salt and Argon2id parameters.

CREATE TABLE key_slot (
    kind       TEXT PRIMARY KEY CHECK (kind IN ('passphrase', 'recovery')),
    public_key BLOB NOT NULL,
    salt       BLOB NOT NULL,
    m_kib      INTEGER NOT NULL CHECK (m_kib >= 8),
    t_cost     INTEGER NOT NULL CHECK (t_cost >= 1),
    p_cost     INTEGER NOT NULL CHECK (p_cost >= 1),
    nonce      BLOB NOT NULL,
    wrapped    BLOB NOT NULL,
    created_at TEXT NOT NULL
) WITHOUT ROWID;

ALTER TABLE note ADD COLUMN sealed BLOB;
ALTER TABLE draft ADD COLUMN sealed BLOB;

-- Sealed notes never reach the index on disk: their clear columns are empty
-- and these triggers skip them.
DROP TRIGGER note_fts_insert;
DROP TRIGGER note_fts_delete;
DROP TRIGGER note_fts_update;

CREATE TRIGGER note_fts_insert AFTER INSERT ON note WHEN new.sealed IS NULL BEGIN
    INSERT INTO search_index (rowid, body) VALUES (new.id * 8 + 6, new.body || char(10) || new.tags);
END;
CREATE TRIGGER note_fts_delete AFTER DELETE ON note WHEN old.sealed IS NULL BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    VALUES ('delete', old.id * 8 + 6, old.body || char(10) || old.tags);
END;
-- One trigger for updates, so the old text leaves the index before the new
-- text enters it (separate triggers would run newest first).
CREATE TRIGGER note_fts_update AFTER UPDATE OF body, tags, sealed ON note BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    SELECT 'delete', old.id * 8 + 6, old.body || char(10) || old.tags WHERE old.sealed IS NULL;
    INSERT INTO search_index (rowid, body)
    SELECT new.id * 8 + 6, new.body || char(10) || new.tags WHERE new.sealed IS NULL;
END;
