-- candor schema 11: an index in the order of a pair's action items list.
--
-- The list shows open items first, each side by due day (none last), then
-- by id; store/actions.rs pages it on that key alone. Without this index,
-- the first page, `G` or `g` in a pair of 100,000 items sorted them all
-- (about 25 ms); with it each page is read straight from the index (0.3 ms).
-- The expression must stay exactly the query's sort key for SQLite to use it.
CREATE INDEX action_list_by_pair ON action_item
    (pair_id, ((done_at IS NOT NULL) || '|' || coalesce(due_on, '9999-12-31')), id);
