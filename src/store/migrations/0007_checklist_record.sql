-- candor schema: the checklist follows the record.
--
-- `ticked_by` names the fact of the record that ticks an item by itself
-- (a strength written down, feedback asked for, …), copied from the
-- template's `ticked_by` when the pair is made. `dismissed_at` is set when a
-- person unticks an item that the record ticks, so their choice stands.
-- `done_at` keeps its meaning: ticked by hand.
ALTER TABLE checklist_item ADD COLUMN ticked_by TEXT;
ALTER TABLE checklist_item ADD COLUMN dismissed_at TEXT;

UPDATE checklist_item SET ticked_by = CASE key
    WHEN 'strengths.mentee' THEN 'strength.mentee'
    WHEN 'strengths.mentor' THEN 'strength.mentor'
    WHEN 'empathy.challenge' THEN 'experience.challenge'
    WHEN 'empathy.similar' THEN 'experience.similar'
    WHEN 'feedback.asked' THEN 'feedback.asked'
    WHEN 'feedback.listened' THEN 'feedback.taken'
END;

-- What the record is asked on the path a person waits on (the pair list's
-- counts, the checklist, the Overview), answered from an index whatever the
-- number of entries: feedback to the mentor asked for, and taken without
-- pushing back; and shared notes with tags (a new meeting's agenda, the
-- closing reflection) without reading every note.
CREATE INDEX feedback_asked_by_pair ON feedback (pair_id, given_at)
    WHERE direction = 'to_mentor' AND requested = 1;
CREATE INDEX feedback_taken_by_pair ON feedback (pair_id, given_at)
    WHERE direction = 'to_mentor' AND response IN ('accepted', 'discussed');
CREATE INDEX note_tagged_by_pair ON note (pair_id, created_at, id)
    WHERE private = 0 AND tags <> '';

-- The feedback chart counts a pair's feedback from an index alone, and
-- whether a journal holds private (or sealed) notes is known from the
-- private ones only, never by reading every note.
CREATE INDEX feedback_kinds_by_pair ON feedback (pair_id, direction, requested, response);
CREATE INDEX note_private_by_pair ON note (pair_id) WHERE private;
