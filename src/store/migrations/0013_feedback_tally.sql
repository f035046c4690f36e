-- candor schema 13: how many feedback entries each pair has of each kind,
-- kept up to date as feedback is written.
--
-- The Overview's feedback chart (store/feedback.rs, feedback_summary) counted
-- a pair's feedback to the mentor in eight ranges of feedback_kinds_by_pair
-- each time it was drawn. In a journal of 100,000 entries in one pair, about
-- 10,000 of them feedback to the mentor, that counting took 0.33 ms (warm)
-- and was the largest part of what the first frame read beyond what it
-- reads at 1,000 entries: 54 pages of 16 KiB read before the first frame,
-- against 21. Reading the tally instead takes 6 µs, and the first frame
-- reads 37 pages against 22. The first frame at 100,000 entries took
-- 1.18 times as long as at 1,000 before, 1.06 times after (medians of 100
-- runs of benches/processes.rs --probe, interleaved, on a busy machine).
--
-- One row per (pair, direction, asked for or not, response) that has any
-- feedback, with how many entries it has. The triggers keep it exact on
-- every path that writes feedback, since all of them are SQL on the feedback
-- table: an entry added, edited, deleted or brought back by undo, written by
-- an import or a sync, moved to another pair by `pair merge` (UPDATE of
-- pair_id), and the entries of a deleted pair (ON DELETE CASCADE runs the
-- delete trigger for each of them, foreign keys being on).
--
-- A group that falls to zero is deleted rather than kept at zero: then the
-- table is exactly `SELECT ..., count(*) FROM feedback GROUP BY ...`, which
-- is simple to check, and a deleted pair leaves nothing behind (its id may
-- be given to the next pair). It costs one more lookup by primary key when
-- an entry is deleted or changes group, which is rare next to reading.
-- There is no foreign key to pair for the same reason: the delete triggers
-- empty a deleted pair's rows themselves.
CREATE TABLE feedback_tally (
    pair_id   INTEGER NOT NULL,
    direction TEXT NOT NULL,
    requested INTEGER NOT NULL,
    response  TEXT NOT NULL,
    n         INTEGER NOT NULL CHECK (n > 0),
    PRIMARY KEY (pair_id, direction, requested, response)
) WITHOUT ROWID;

INSERT INTO feedback_tally (pair_id, direction, requested, response, n)
    SELECT pair_id, direction, requested, response, count(*)
    FROM feedback GROUP BY pair_id, direction, requested, response;

CREATE TRIGGER feedback_tally_insert AFTER INSERT ON feedback BEGIN
    INSERT INTO feedback_tally (pair_id, direction, requested, response, n)
        VALUES (NEW.pair_id, NEW.direction, NEW.requested, NEW.response, 1)
        ON CONFLICT (pair_id, direction, requested, response) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER feedback_tally_delete AFTER DELETE ON feedback BEGIN
    DELETE FROM feedback_tally
        WHERE (pair_id, direction, requested, response)
            = (OLD.pair_id, OLD.direction, OLD.requested, OLD.response) AND n = 1;
    UPDATE feedback_tally SET n = n - 1
        WHERE (pair_id, direction, requested, response)
            = (OLD.pair_id, OLD.direction, OLD.requested, OLD.response);
END;

-- An edit that leaves the four columns as they were changes nothing here.
CREATE TRIGGER feedback_tally_update
AFTER UPDATE OF pair_id, direction, requested, response ON feedback
WHEN (OLD.pair_id, OLD.direction, OLD.requested, OLD.response)
    IS NOT (NEW.pair_id, NEW.direction, NEW.requested, NEW.response)
BEGIN
    DELETE FROM feedback_tally
        WHERE (pair_id, direction, requested, response)
            = (OLD.pair_id, OLD.direction, OLD.requested, OLD.response) AND n = 1;
    UPDATE feedback_tally SET n = n - 1
        WHERE (pair_id, direction, requested, response)
            = (OLD.pair_id, OLD.direction, OLD.requested, OLD.response);
    INSERT INTO feedback_tally (pair_id, direction, requested, response, n)
        VALUES (NEW.pair_id, NEW.direction, NEW.requested, NEW.response, 1)
        ON CONFLICT (pair_id, direction, requested, response) DO UPDATE SET n = n + 1;
END;
