-- candor schema 8: the journal's pages grow from 4 KiB to 16 KiB.
--
-- An entry of ~2 KB filled a 4 KiB page alone, leaving 40 % of the note
-- table unused; 16 KiB pages hold several. The page size cannot change in
-- a transaction nor in WAL mode, so store/migrate.rs rewrites the file
-- (VACUUM, after the copy it keeps beside the journal) once this version
-- is reached; a new journal is made with 16 KiB pages from the start.
-- Nothing in the schema itself changes.
SELECT 1;
