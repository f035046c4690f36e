-- candor schema 12: the search index numbers its rows in the order the
-- entries were written, whatever their kind.
--
-- Its rowid was the entry's id * 8 + its kind's code. Each kind counts its
-- own ids, so the rows with the highest rowids were those of the kind with
-- the most rows: the newest matches a common word is ranked among
-- (store/search.rs, RANKED) were, in a journal of 40,000 notes and 25,000
-- meetings, all notes, and a search never showed the meeting of last week.
--
-- Now every entry the index holds has a row in search_row, numbered as it
-- is written (seq); the index's rowid is seq * 8 + the kind's code. An
-- entry keeps its number when it is edited, and the row says whether a note
-- is private, so a search counts the private notes it leaves out without
-- reading the notes. Entries already in the journal are numbered in the
-- order they were created.
--
-- The triggers are the same as before but for the rowid, and the index is
-- built again from every row, in the new numbering.
CREATE TABLE search_row (
    seq     INTEGER PRIMARY KEY,
    code    INTEGER NOT NULL CHECK (code BETWEEN 0 AND 7),
    id      INTEGER NOT NULL,
    private INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),
    UNIQUE (code, id)
);

DROP TRIGGER pair_fts_insert;
DROP TRIGGER pair_fts_delete;
DROP TRIGGER pair_fts_update;
DROP TRIGGER checklist_fts_insert;
DROP TRIGGER checklist_fts_delete;
DROP TRIGGER checklist_fts_update;
DROP TRIGGER strength_fts_insert;
DROP TRIGGER strength_fts_delete;
DROP TRIGGER strength_fts_update;
DROP TRIGGER experience_fts_insert;
DROP TRIGGER experience_fts_delete;
DROP TRIGGER experience_fts_update;
DROP TRIGGER meeting_fts_insert;
DROP TRIGGER meeting_fts_delete;
DROP TRIGGER meeting_fts_update;
DROP TRIGGER feedback_fts_insert;
DROP TRIGGER feedback_fts_delete;
DROP TRIGGER feedback_fts_update;
DROP TRIGGER note_fts_insert;
DROP TRIGGER note_fts_delete;
DROP TRIGGER note_fts_update;
DROP TRIGGER action_fts_insert;
DROP TRIGGER action_fts_delete;
DROP TRIGGER action_fts_update;

CREATE TRIGGER pair_fts_insert AFTER INSERT ON pair BEGIN
    INSERT INTO search_row (code, id) VALUES (0, new.id);
    INSERT INTO search_index (rowid, body)
    SELECT seq * 8 + 0, new.mentor_name || char(10) || new.mentee_name || char(10) || new.focus
    FROM search_row WHERE code = 0 AND id = new.id;
END;
CREATE TRIGGER pair_fts_delete AFTER DELETE ON pair BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    SELECT 'delete', seq * 8 + 0, old.mentor_name || char(10) || old.mentee_name || char(10) || old.focus
    FROM search_row WHERE code = 0 AND id = old.id;
    DELETE FROM search_row WHERE code = 0 AND id = old.id;
END;
CREATE TRIGGER pair_fts_update AFTER UPDATE OF mentor_name, mentee_name, focus ON pair BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    SELECT 'delete', seq * 8 + 0, old.mentor_name || char(10) || old.mentee_name || char(10) || old.focus
    FROM search_row WHERE code = 0 AND id = old.id;
    INSERT INTO search_index (rowid, body)
    SELECT seq * 8 + 0, new.mentor_name || char(10) || new.mentee_name || char(10) || new.focus
    FROM search_row WHERE code = 0 AND id = new.id;
END;

CREATE TRIGGER checklist_fts_insert AFTER INSERT ON checklist_item BEGIN
    INSERT INTO search_row (code, id) VALUES (1, new.id);
    INSERT INTO search_index (rowid, body)
    SELECT seq * 8 + 1, new.title || char(10) || new.note
    FROM search_row WHERE code = 1 AND id = new.id;
END;
CREATE TRIGGER checklist_fts_delete AFTER DELETE ON checklist_item BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    SELECT 'delete', seq * 8 + 1, old.title || char(10) || old.note
    FROM search_row WHERE code = 1 AND id = old.id;
    DELETE FROM search_row WHERE code = 1 AND id = old.id;
END;
CREATE TRIGGER checklist_fts_update AFTER UPDATE OF title, note ON checklist_item BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    SELECT 'delete', seq * 8 + 1, old.title || char(10) || old.note
    FROM search_row WHERE code = 1 AND id = old.id;
    INSERT INTO search_index (rowid, body)
    SELECT seq * 8 + 1, new.title || char(10) || new.note
    FROM search_row WHERE code = 1 AND id = new.id;
END;

CREATE TRIGGER strength_fts_insert AFTER INSERT ON strength BEGIN
    INSERT INTO search_row (code, id) VALUES (2, new.id);
    INSERT INTO search_index (rowid, body)
    SELECT seq * 8 + 2, new.text
    FROM search_row WHERE code = 2 AND id = new.id;
END;
CREATE TRIGGER strength_fts_delete AFTER DELETE ON strength BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    SELECT 'delete', seq * 8 + 2, old.text
    FROM search_row WHERE code = 2 AND id = old.id;
    DELETE FROM search_row WHERE code = 2 AND id = old.id;
END;
CREATE TRIGGER strength_fts_update AFTER UPDATE OF text ON strength BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    SELECT 'delete', seq * 8 + 2, old.text
    FROM search_row WHERE code = 2 AND id = old.id;
    INSERT INTO search_index (rowid, body)
    SELECT seq * 8 + 2, new.text
    FROM search_row WHERE code = 2 AND id = new.id;
END;

CREATE TRIGGER experience_fts_insert AFTER INSERT ON experience BEGIN
    INSERT INTO search_row (code, id) VALUES (3, new.id);
    INSERT INTO search_index (rowid, body)
    SELECT seq * 8 + 3, new.challenge || char(10) || new.similar
    FROM search_row WHERE code = 3 AND id = new.id;
END;
CREATE TRIGGER experience_fts_delete AFTER DELETE ON experience BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    SELECT 'delete', seq * 8 + 3, old.challenge || char(10) || old.similar
    FROM search_row WHERE code = 3 AND id = old.id;
    DELETE FROM search_row WHERE code = 3 AND id = old.id;
END;
CREATE TRIGGER experience_fts_update AFTER UPDATE OF challenge, similar ON experience BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    SELECT 'delete', seq * 8 + 3, old.challenge || char(10) || old.similar
    FROM search_row WHERE code = 3 AND id = old.id;
    INSERT INTO search_index (rowid, body)
    SELECT seq * 8 + 3, new.challenge || char(10) || new.similar
    FROM search_row WHERE code = 3 AND id = new.id;
END;

CREATE TRIGGER meeting_fts_insert AFTER INSERT ON meeting BEGIN
    INSERT INTO search_row (code, id) VALUES (4, new.id);
    INSERT INTO search_index (rowid, body)
    SELECT seq * 8 + 4, new.agenda || char(10) || new.notes || char(10) || new.next_steps
    FROM search_row WHERE code = 4 AND id = new.id;
END;
CREATE TRIGGER meeting_fts_delete AFTER DELETE ON meeting BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    SELECT 'delete', seq * 8 + 4, old.agenda || char(10) || old.notes || char(10) || old.next_steps
    FROM search_row WHERE code = 4 AND id = old.id;
    DELETE FROM search_row WHERE code = 4 AND id = old.id;
END;
CREATE TRIGGER meeting_fts_update AFTER UPDATE OF agenda, notes, next_steps ON meeting BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    SELECT 'delete', seq * 8 + 4, old.agenda || char(10) || old.notes || char(10) || old.next_steps
    FROM search_row WHERE code = 4 AND id = old.id;
    INSERT INTO search_index (rowid, body)
    SELECT seq * 8 + 4, new.agenda || char(10) || new.notes || char(10) || new.next_steps
    FROM search_row WHERE code = 4 AND id = new.id;
END;

CREATE TRIGGER feedback_fts_insert AFTER INSERT ON feedback BEGIN
    INSERT INTO search_row (code, id) VALUES (5, new.id);
    INSERT INTO search_index (rowid, body)
    SELECT seq * 8 + 5, new.body || char(10) || coalesce(new.situation, '') || char(10)
        || coalesce(new.behaviour, '') || char(10) || coalesce(new.impact, '') || char(10) || new.follow_up
    FROM search_row WHERE code = 5 AND id = new.id;
END;
CREATE TRIGGER feedback_fts_delete AFTER DELETE ON feedback BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    SELECT 'delete', seq * 8 + 5, old.body || char(10) || coalesce(old.situation, '') || char(10)
        || coalesce(old.behaviour, '') || char(10) || coalesce(old.impact, '') || char(10) || old.follow_up
    FROM search_row WHERE code = 5 AND id = old.id;
    DELETE FROM search_row WHERE code = 5 AND id = old.id;
END;
CREATE TRIGGER feedback_fts_update AFTER UPDATE OF body, situation, behaviour, impact, follow_up ON feedback BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    SELECT 'delete', seq * 8 + 5, old.body || char(10) || coalesce(old.situation, '') || char(10)
        || coalesce(old.behaviour, '') || char(10) || coalesce(old.impact, '') || char(10) || old.follow_up
    FROM search_row WHERE code = 5 AND id = old.id;
    INSERT INTO search_index (rowid, body)
    SELECT seq * 8 + 5, new.body || char(10) || coalesce(new.situation, '') || char(10)
        || coalesce(new.behaviour, '') || char(10) || coalesce(new.impact, '') || char(10) || new.follow_up
    FROM search_row WHERE code = 5 AND id = new.id;
END;

CREATE TRIGGER note_fts_insert AFTER INSERT ON note WHEN new.sealed IS NULL BEGIN
    INSERT INTO search_row (code, id, private) VALUES (6, new.id, new.private);
    INSERT INTO search_index (rowid, body)
    SELECT seq * 8 + 6, new.body || char(10) || new.tags
    FROM search_row WHERE code = 6 AND id = new.id;
END;
CREATE TRIGGER note_fts_delete AFTER DELETE ON note WHEN old.sealed IS NULL BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    SELECT 'delete', seq * 8 + 6, old.body || char(10) || old.tags
    FROM search_row WHERE code = 6 AND id = old.id;
    DELETE FROM search_row WHERE code = 6 AND id = old.id;
END;
-- Sealed, a note leaves the index and its number; unsealed, it comes back
-- as newly written; edited, it keeps its number.
CREATE TRIGGER note_fts_update AFTER UPDATE OF body, tags, sealed ON note BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    SELECT 'delete', seq * 8 + 6, old.body || char(10) || old.tags FROM search_row
    WHERE code = 6 AND id = old.id AND old.sealed IS NULL;
    DELETE FROM search_row WHERE code = 6 AND id = old.id AND new.sealed IS NOT NULL;
    INSERT OR IGNORE INTO search_row (code, id, private)
    SELECT 6, new.id, new.private WHERE new.sealed IS NULL;
    INSERT INTO search_index (rowid, body)
    SELECT seq * 8 + 6, new.body || char(10) || new.tags FROM search_row
    WHERE code = 6 AND id = new.id AND new.sealed IS NULL;
END;
CREATE TRIGGER note_search_private AFTER UPDATE OF private ON note BEGIN
    UPDATE search_row SET private = new.private WHERE code = 6 AND id = new.id;
END;

CREATE TRIGGER action_fts_insert AFTER INSERT ON action_item BEGIN
    INSERT INTO search_row (code, id) VALUES (7, new.id);
    INSERT INTO search_index (rowid, body)
    SELECT seq * 8 + 7, new.text
    FROM search_row WHERE code = 7 AND id = new.id;
END;
CREATE TRIGGER action_fts_delete AFTER DELETE ON action_item BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    SELECT 'delete', seq * 8 + 7, old.text
    FROM search_row WHERE code = 7 AND id = old.id;
    DELETE FROM search_row WHERE code = 7 AND id = old.id;
END;
CREATE TRIGGER action_fts_update AFTER UPDATE OF text ON action_item BEGIN
    INSERT INTO search_index (search_index, rowid, body)
    SELECT 'delete', seq * 8 + 7, old.text
    FROM search_row WHERE code = 7 AND id = old.id;
    INSERT INTO search_index (rowid, body)
    SELECT seq * 8 + 7, new.text
    FROM search_row WHERE code = 7 AND id = new.id;
END;

-- Every entry numbered by when it was created (julianday reads the times
-- with and without their milliseconds alike), then the index built again
-- in that order.
INSERT INTO search_row (code, id, private)
SELECT code, id, private FROM (
    SELECT 0 AS code, id, 0 AS private, created_at FROM pair
    UNION ALL
    SELECT 1, id, 0, created_at FROM checklist_item
    UNION ALL
    SELECT 2, id, 0, created_at FROM strength
    UNION ALL
    SELECT 3, id, 0, created_at FROM experience
    UNION ALL
    SELECT 4, id, 0, created_at FROM meeting
    UNION ALL
    SELECT 5, id, 0, created_at FROM feedback
    UNION ALL
    SELECT 6, id, private, created_at FROM note WHERE sealed IS NULL
    UNION ALL
    SELECT 7, id, 0, created_at FROM action_item
) ORDER BY julianday(created_at), code, id;

INSERT INTO search_index (search_index) VALUES ('delete-all');
INSERT INTO search_index (rowid, body)
SELECT r.seq * 8 + r.code, CASE r.code
    WHEN 0 THEN (SELECT mentor_name || char(10) || mentee_name || char(10) || focus
        FROM pair WHERE id = r.id)
    WHEN 1 THEN (SELECT title || char(10) || note
        FROM checklist_item WHERE id = r.id)
    WHEN 2 THEN (SELECT text
        FROM strength WHERE id = r.id)
    WHEN 3 THEN (SELECT challenge || char(10) || similar
        FROM experience WHERE id = r.id)
    WHEN 4 THEN (SELECT agenda || char(10) || notes || char(10) || next_steps
        FROM meeting WHERE id = r.id)
    WHEN 5 THEN (SELECT body || char(10) || coalesce(situation, '') || char(10)
            || coalesce(behaviour, '') || char(10) || coalesce(impact, '') || char(10) || follow_up
        FROM feedback WHERE id = r.id)
    WHEN 6 THEN (SELECT body || char(10) || tags
        FROM note WHERE id = r.id)
    WHEN 7 THEN (SELECT text
        FROM action_item WHERE id = r.id)
    END
FROM search_row AS r ORDER BY r.seq;
