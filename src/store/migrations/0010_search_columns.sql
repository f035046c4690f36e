-- candor schema 10: the search index keeps which rows hold each word, not
-- where in them (FTS5 detail = column).
--
-- Word positions were a third of the index and a quarter of a journal's
-- growth beyond its own text. A search for a phrase ("first meeting"),
-- NEAR or ^word still finds exactly what it did: store/search/phrases.rs
-- looks for the rows holding all its words, then checks each against the
-- phrase itself in a small in-memory index that keeps positions.
--
-- The index is built again from every row, as the triggers write it (they
-- name the table, not its options, so they stay as they are); migrate.rs
-- then rewrites the file so the old index's pages are given back.
DROP TABLE search_index;

CREATE VIRTUAL TABLE search_index USING fts5 (
    body,
    content = '',
    detail = column,
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO search_index (rowid, body)
    SELECT id * 8 + 0, mentor_name || char(10) || mentee_name || char(10) || focus FROM pair;
INSERT INTO search_index (rowid, body)
    SELECT id * 8 + 1, title || char(10) || note FROM checklist_item;
INSERT INTO search_index (rowid, body)
    SELECT id * 8 + 2, text FROM strength;
INSERT INTO search_index (rowid, body)
    SELECT id * 8 + 3, challenge || char(10) || similar FROM experience;
INSERT INTO search_index (rowid, body)
    SELECT id * 8 + 4, agenda || char(10) || notes || char(10) || next_steps FROM meeting;
INSERT INTO search_index (rowid, body)
    SELECT id * 8 + 5, body || char(10) || coalesce(situation, '') || char(10)
        || coalesce(behaviour, '') || char(10) || coalesce(impact, '') || char(10) || follow_up
    FROM feedback;
INSERT INTO search_index (rowid, body)
    SELECT id * 8 + 6, body || char(10) || tags FROM note WHERE sealed IS NULL;
INSERT INTO search_index (rowid, body)
    SELECT id * 8 + 7, text FROM action_item;
