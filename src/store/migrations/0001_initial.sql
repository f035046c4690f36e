-- candor schema, version 1.
--
-- Every row carries a stable uid (exports from two people merge by it),
-- created_at / updated_at in UTC RFC 3339 and a version bumped on every change.
-- Deletions leave a row in `tombstone`. Times are written by the program, not
-- by SQL defaults, so that its injected clock is the only source of "now".

CREATE TABLE pair (
    id              INTEGER PRIMARY KEY,
    uid             TEXT NOT NULL UNIQUE,
    mentor_name     TEXT NOT NULL CHECK (length(trim(mentor_name)) > 0),
    mentee_name     TEXT NOT NULL CHECK (length(trim(mentee_name)) > 0),
    my_role         TEXT NOT NULL CHECK (my_role IN ('mentor', 'mentee')),
    focus           TEXT NOT NULL DEFAULT '',
    started_on      TEXT NOT NULL,
    cadence_days    INTEGER CHECK (cadence_days IS NULL OR cadence_days BETWEEN 1 AND 366),
    next_meeting_on TEXT,
    status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'closed')),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE checklist_item (
    id         INTEGER PRIMARY KEY,
    uid        TEXT NOT NULL UNIQUE,
    pair_id    INTEGER NOT NULL REFERENCES pair (id) ON DELETE CASCADE,
    step       INTEGER NOT NULL CHECK (step BETWEEN 1 AND 5),
    key        TEXT NOT NULL,
    title      TEXT NOT NULL,
    done_at    TEXT,
    note       TEXT NOT NULL DEFAULT '',
    position   INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    UNIQUE (pair_id, key)
);

CREATE TABLE strength (
    id         INTEGER PRIMARY KEY,
    uid        TEXT NOT NULL UNIQUE,
    pair_id    INTEGER NOT NULL REFERENCES pair (id) ON DELETE CASCADE,
    whose      TEXT NOT NULL CHECK (whose IN ('mentor', 'mentee')),
    text       TEXT NOT NULL CHECK (length(trim(text)) > 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX strength_by_pair ON strength (pair_id, id);

CREATE TABLE experience (
    id         INTEGER PRIMARY KEY,
    uid        TEXT NOT NULL UNIQUE,
    pair_id    INTEGER NOT NULL REFERENCES pair (id) ON DELETE CASCADE,
    challenge  TEXT NOT NULL CHECK (length(trim(challenge)) > 0),
    similar    TEXT NOT NULL CHECK (length(trim(similar)) > 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX experience_by_pair ON experience (pair_id, id);

CREATE TABLE meeting (
    id         INTEGER PRIMARY KEY,
    uid        TEXT NOT NULL UNIQUE,
    pair_id    INTEGER NOT NULL REFERENCES pair (id) ON DELETE CASCADE,
    held_at    TEXT NOT NULL,
    agenda     TEXT NOT NULL DEFAULT '',
    notes      TEXT NOT NULL DEFAULT '',
    next_steps TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX meeting_by_pair ON meeting (pair_id, held_at, id);

CREATE TABLE feedback (
    id         INTEGER PRIMARY KEY,
    uid        TEXT NOT NULL UNIQUE,
    pair_id    INTEGER NOT NULL REFERENCES pair (id) ON DELETE CASCADE,
    direction  TEXT NOT NULL CHECK (direction IN ('to_mentor', 'to_mentee')),
    requested  INTEGER NOT NULL DEFAULT 0 CHECK (requested IN (0, 1)),
    body       TEXT NOT NULL,
    situation  TEXT,
    behaviour  TEXT,
    impact     TEXT,
    response   TEXT NOT NULL DEFAULT 'pending'
               CHECK (response IN ('pending', 'accepted', 'discussed', 'pushed_back')),
    follow_up  TEXT NOT NULL DEFAULT '',
    given_at   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX feedback_by_pair ON feedback (pair_id, given_at, id);

CREATE TABLE note (
    id         INTEGER PRIMARY KEY,
    uid        TEXT NOT NULL UNIQUE,
    pair_id    INTEGER NOT NULL REFERENCES pair (id) ON DELETE CASCADE,
    body       TEXT NOT NULL,
    private    INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),
    -- Tags, space-separated, each without whitespace.
    tags       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX note_by_pair ON note (pair_id, created_at, id);

CREATE TABLE action_item (
    id         INTEGER PRIMARY KEY,
    uid        TEXT NOT NULL UNIQUE,
    pair_id    INTEGER NOT NULL REFERENCES pair (id) ON DELETE CASCADE,
    owner      TEXT NOT NULL CHECK (owner IN ('mentor', 'mentee', 'both')),
    text       TEXT NOT NULL CHECK (length(trim(text)) > 0),
    due_on     TEXT,
    done_at    TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX action_by_pair ON action_item (pair_id, done_at, due_on, id);

-- Text being edited, kept so a crash or a closed terminal loses nothing.
CREATE TABLE draft (
    id         INTEGER PRIMARY KEY,
    uid        TEXT NOT NULL UNIQUE,
    pair_id    INTEGER REFERENCES pair (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    target_uid TEXT,
    private    INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),
    text       TEXT NOT NULL,
    saved_at   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);

-- A deleted row's uid, so a deletion travels in an export.
CREATE TABLE tombstone (
    uid        TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    pair_uid   TEXT,
    deleted_at TEXT NOT NULL
) WITHOUT ROWID;

-- One full-text index over every text field. It is contentless (no second
-- plaintext copy); each row's rowid is the entity's id * 8 + a kind code:
-- 0 pair, 1 checklist_item, 2 strength, 3 experience, 4 meeting, 5 feedback,
-- 6 note, 7 action_item. A contentless table must be told the old text to
-- delete it, which the update and delete triggers pass.
CREATE VIRTUAL TABLE search_index USING fts5 (
    body,
    content = '',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER pair_fts_insert AFTER INSERT ON pair BEGIN
    INSERT INTO search_index (rowid, body)
    VALUES (new.id * 8 + 0, new.mentor_name || char(10) || new.mentee_name || char(10) || new.focus);
END;
CREATE TRIGGER pair_fts_delete AFTER DELETE ON pair BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    VALUES ('delete', old.id * 8 + 0, old.mentor_name || char(10) || old.mentee_name || char(10) || old.focus);
END;
CREATE TRIGGER pair_fts_update AFTER UPDATE OF mentor_name, mentee_name, focus ON pair BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    VALUES ('delete', old.id * 8 + 0, old.mentor_name || char(10) || old.mentee_name || char(10) || old.focus);
    INSERT INTO search_index (rowid, body)
    VALUES (new.id * 8 + 0, new.mentor_name || char(10) || new.mentee_name || char(10) || new.focus);
END;

CREATE TRIGGER checklist_fts_insert AFTER INSERT ON checklist_item BEGIN
    INSERT INTO search_index (rowid, body) VALUES (new.id * 8 + 1, new.title || char(10) || new.note);
END;
CREATE TRIGGER checklist_fts_delete AFTER DELETE ON checklist_item BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    VALUES ('delete', old.id * 8 + 1, old.title || char(10) || old.note);
END;
CREATE TRIGGER checklist_fts_update AFTER UPDATE OF title, note ON checklist_item BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    VALUES ('delete', old.id * 8 + 1, old.title || char(10) || old.note);
    INSERT INTO search_index (rowid, body) VALUES (new.id * 8 + 1, new.title || char(10) || new.note);
END;

CREATE TRIGGER strength_fts_insert AFTER INSERT ON strength BEGIN
    INSERT INTO search_index (rowid, body) VALUES (new.id * 8 + 2, new.text);
END;
CREATE TRIGGER strength_fts_delete AFTER DELETE ON strength BEGIN
    INSERT INTO search_index (search_index, rowid, body) VALUES ('delete', old.id * 8 + 2, old.text);
END;
CREATE TRIGGER strength_fts_update AFTER UPDATE OF text ON strength BEGIN
    INSERT INTO search_index (search_index, rowid, body) VALUES ('delete', old.id * 8 + 2, old.text);
    INSERT INTO search_index (rowid, body) VALUES (new.id * 8 + 2, new.text);
END;

CREATE TRIGGER experience_fts_insert AFTER INSERT ON experience BEGIN
    INSERT INTO search_index (rowid, body)
    VALUES (new.id * 8 + 3, new.challenge || char(10) || new.similar);
END;
CREATE TRIGGER experience_fts_delete AFTER DELETE ON experience BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    VALUES ('delete', old.id * 8 + 3, old.challenge || char(10) || old.similar);
END;
CREATE TRIGGER experience_fts_update AFTER UPDATE OF challenge, similar ON experience BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    VALUES ('delete', old.id * 8 + 3, old.challenge || char(10) || old.similar);
    INSERT INTO search_index (rowid, body)
    VALUES (new.id * 8 + 3, new.challenge || char(10) || new.similar);
END;

CREATE TRIGGER meeting_fts_insert AFTER INSERT ON meeting BEGIN
    INSERT INTO search_index (rowid, body)
    VALUES (new.id * 8 + 4, new.agenda || char(10) || new.notes || char(10) || new.next_steps);
END;
CREATE TRIGGER meeting_fts_delete AFTER DELETE ON meeting BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    VALUES ('delete', old.id * 8 + 4, old.agenda || char(10) || old.notes || char(10) || old.next_steps);
END;
CREATE TRIGGER meeting_fts_update AFTER UPDATE OF agenda, notes, next_steps ON meeting BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    VALUES ('delete', old.id * 8 + 4, old.agenda || char(10) || old.notes || char(10) || old.next_steps);
    INSERT INTO search_index (rowid, body)
    VALUES (new.id * 8 + 4, new.agenda || char(10) || new.notes || char(10) || new.next_steps);
END;

CREATE TRIGGER feedback_fts_insert AFTER INSERT ON feedback BEGIN
    INSERT INTO search_index (rowid, body)
    VALUES (new.id * 8 + 5, new.body || char(10) || coalesce(new.situation, '') || char(10)
        || coalesce(new.behaviour, '') || char(10) || coalesce(new.impact, '') || char(10) || new.follow_up);
END;
CREATE TRIGGER feedback_fts_delete AFTER DELETE ON feedback BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    VALUES ('delete', old.id * 8 + 5, old.body || char(10) || coalesce(old.situation, '') || char(10)
        || coalesce(old.behaviour, '') || char(10) || coalesce(old.impact, '') || char(10) || old.follow_up);
END;
CREATE TRIGGER feedback_fts_update AFTER UPDATE OF body, situation, behaviour, impact, follow_up ON feedback BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    VALUES ('delete', old.id * 8 + 5, old.body || char(10) || coalesce(old.situation, '') || char(10)
        || coalesce(old.behaviour, '') || char(10) || coalesce(old.impact, '') || char(10) || old.follow_up);
    INSERT INTO search_index (rowid, body)
    VALUES (new.id * 8 + 5, new.body || char(10) || coalesce(new.situation, '') || char(10)
        || coalesce(new.behaviour, '') || char(10) || coalesce(new.impact, '') || char(10) || new.follow_up);
END;

-- Private notes are indexed too while no passphrase exists; the migration
-- that brings passphrases narrows these triggers to shared notes when sealed.
CREATE TRIGGER note_fts_insert AFTER INSERT ON note BEGIN
    INSERT INTO search_index (rowid, body) VALUES (new.id * 8 + 6, new.body || char(10) || new.tags);
END;
CREATE TRIGGER note_fts_delete AFTER DELETE ON note BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    VALUES ('delete', old.id * 8 + 6, old.body || char(10) || old.tags);
END;
CREATE TRIGGER note_fts_update AFTER UPDATE OF body, tags ON note BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    VALUES ('delete', old.id * 8 + 6, old.body || char(10) || old.tags);
    INSERT INTO search_index (rowid, body) VALUES (new.id * 8 + 6, new.body || char(10) || new.tags);
END;

CREATE TRIGGER action_fts_insert AFTER INSERT ON action_item BEGIN
    INSERT INTO search_index (rowid, body) VALUES (new.id * 8 + 7, new.text);
END;
CREATE TRIGGER action_fts_delete AFTER DELETE ON action_item BEGIN
    INSERT INTO search_index (search_index, rowid, body) VALUES ('delete', old.id * 8 + 7, old.text);
END;
CREATE TRIGGER action_fts_update AFTER UPDATE OF text ON action_item BEGIN
    INSERT INTO search_index (search_index, rowid, body) VALUES ('delete', old.id * 8 + 7, old.text);
    INSERT INTO search_index (rowid, body) VALUES (new.id * 8 + 7, new.text);
END;
