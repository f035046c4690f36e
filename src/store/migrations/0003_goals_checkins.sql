-- candor schema, version 3: goals and trust check-ins.
--
-- A goal has success criteria and a target date; its progress is the latest
-- row of `goal_progress` (a percentage and a comment each time it changes),
-- so the history and the current value can never disagree.
--
-- A trust check-in is private: how much trust one feels (1-5), what helped
-- and what got in the way. Once a passphrase is set it is sealed like a
-- private note: `trust` is NULL, the text columns are empty and `sealed`
-- holds all of it for the key. Neither table is in the search index.

CREATE TABLE goal (
    id         INTEGER PRIMARY KEY,
    uid        TEXT NOT NULL UNIQUE,
    pair_id    INTEGER NOT NULL REFERENCES pair (id) ON DELETE CASCADE,
    text       TEXT NOT NULL CHECK (length(trim(text)) > 0),
    criteria   TEXT NOT NULL DEFAULT '',
    due_on     TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX goal_by_pair ON goal (pair_id, created_at, id);

CREATE TABLE goal_progress (
    id         INTEGER PRIMARY KEY,
    uid        TEXT NOT NULL UNIQUE,
    goal_id    INTEGER NOT NULL REFERENCES goal (id) ON DELETE CASCADE,
    percent    INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
    comment    TEXT NOT NULL DEFAULT '',
    noted_at   TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX goal_progress_by_goal ON goal_progress (goal_id, noted_at, id);

CREATE TABLE checkin (
    id         INTEGER PRIMARY KEY,
    uid        TEXT NOT NULL UNIQUE,
    pair_id    INTEGER NOT NULL REFERENCES pair (id) ON DELETE CASCADE,
    trust      INTEGER CHECK (trust IS NULL OR trust BETWEEN 1 AND 5),
    helped     TEXT NOT NULL DEFAULT '',
    in_the_way TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    sealed     BLOB,
    checked_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    CHECK ((sealed IS NULL) = (trust IS NOT NULL))
);
CREATE INDEX checkin_by_pair ON checkin (pair_id, checked_at, id);
