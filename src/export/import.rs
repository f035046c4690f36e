//! Reading an export for an import, checked against its own claims and
//! every entry as the CLI would check it; where it came from; and merging
//! it. A file is read as a stream twice, never whole: once to check it and
//! learn its pairs, then again, one entry at a time, into the merge. Each
//! reading tells a [`Progress`] how far it has come, so the screen can say
//! so while an import runs beside it, and stop it.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};

use chrono::{DateTime, Utc};

use super::import_error::ImportError;
use super::stream::{self, Facts, Sink};
use crate::store::{Entry, MergeReport, Merger, PairBundle, Store, Tombstone};
use crate::text;

/// A checked export, ready to merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// The file it is read from again when merged; `None` when it was
    /// parsed from text, and `bundles` hold every entry.
    source: Option<PathBuf>,
    /// The file's name as errors show it.
    file: String,
    /// The importer's clock when it was checked (a second reading checks
    /// it against the same time).
    now: DateTime<Utc>,
    /// A digest of the file's bytes when it was checked.
    digest: u64,
    /// Its format version.
    pub format_version: u32,
    /// The uid of the journal that wrote it, if it names one.
    pub journal_uid: Option<String>,
    /// Whether it says it includes private entries.
    pub includes_private: bool,
    /// Its pairs, checked; read from a file, their headers alone (the
    /// entries are read again, one at a time, when it is merged).
    pub bundles: Vec<PairBundle>,
    /// How many entries its pairs hold, all kinds together.
    pub entries: u64,
    /// Its tombstones, checked.
    pub tombstones: Vec<Tombstone>,
}

/// Where an export came from, seen from the journal importing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// This journal wrote it: importing it is a re-import.
    ThisJournal,
    /// Another journal, which the file names.
    AnotherJournal,
    /// A journal the file does not name (format versions 1 and 2).
    Unnamed,
}

impl Origin {
    /// How a report names it.
    pub fn describe(self) -> &'static str {
        match self {
            Self::ThisJournal => "this journal's own export, imported again",
            Self::AnotherJournal => "another journal's export",
            Self::Unnamed => "an export that does not name its journal",
        }
    }
}

impl Import {
    /// Where it came from, for the journal whose uid is `here`.
    pub fn origin(&self, here: Option<&str>) -> Origin {
        match (&self.journal_uid, here) {
            (None, _) => Origin::Unnamed,
            (Some(theirs), Some(ours)) if theirs == ours => Origin::ThisJournal,
            (Some(_), _) => Origin::AnotherJournal,
        }
    }
}

/// How far an import has come, shared with whoever shows it (the screen
/// runs an import beside it), and a way to stop it: a stopped import ends
/// with [`ImportError::Stopped`] and keeps nothing.
#[derive(Debug, Default)]
pub struct Progress {
    stage: AtomicU8,
    done: AtomicU64,
    /// The entries of the file, once the first reading has counted them.
    total: AtomicU64,
    stop: AtomicBool,
}

/// What an import is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading the file through to check it; [`Progress::done`] entries so far.
    Checking,
    /// Merging, in a transaction not committed; [`Progress::done`] entries so far.
    Merging,
    /// Copying the journal beside itself, before a merge that replaces or
    /// removes something.
    Copying,
    /// Writing the merge into the journal (its commit).
    Saving,
}

impl Progress {
    /// What the import is doing.
    pub fn stage(&self) -> Stage {
        match self.stage.load(Ordering::Relaxed) {
            0 => Stage::Checking,
            1 => Stage::Merging,
            2 => Stage::Copying,
            _ => Stage::Saving,
        }
    }

    /// Entries checked or merged in the stage it is in.
    pub fn done(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }

    /// The entries the file holds; 0 while it is first read.
    pub fn total(&self) -> u64 {
        self.total.load(Ordering::Relaxed)
    }

    /// Asks the import to stop: at its next entry, or before it copies or
    /// commits, it rolls back what it merged and ends.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// A new stage; a reading counts its entries from none.
    fn enter(&self, stage: Stage) {
        if matches!(stage, Stage::Checking | Stage::Merging) {
            self.done.store(0, Ordering::Relaxed);
        }
        self.stage.store(stage as u8, Ordering::Relaxed);
    }

    /// Goes on unless asked to stop.
    fn go_on(&self, file: &str) -> Result<(), ImportError> {
        if self.stop.load(Ordering::Relaxed) {
            return Err(ImportError::Stopped {
                file: file.to_owned(),
            });
        }
        Ok(())
    }

    /// One more entry, unless asked to stop.
    fn step(&self, file: &str) -> Result<(), ImportError> {
        self.go_on(file)?;
        self.done.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

impl Import {
    /// Merges it into `store` in one transaction, first linking each file
    /// pair uid of `links` to a pair here; commits only if `commit` says so
    /// on seeing the report. A file is read again as it is merged: if it
    /// changed since it was checked, nothing is merged.
    pub fn merge(
        &self,
        store: &mut Store,
        links: &[(String, i64)],
        commit: impl FnOnce(&MergeReport) -> bool,
    ) -> Result<(MergeReport, bool), ImportError> {
        self.merge_with(store, links, commit, &Progress::default())
    }

    /// [`Import::merge`], telling `progress` each entry merged.
    pub fn merge_with(
        &self,
        store: &mut Store,
        links: &[(String, i64)],
        commit: impl FnOnce(&MergeReport) -> bool,
        progress: &Progress,
    ) -> Result<(MergeReport, bool), ImportError> {
        progress.enter(Stage::Merging);
        progress.total.store(self.entries, Ordering::Relaxed);
        let mut merger = store.merger(&self.bundles, &self.tombstones, links)?;
        match &self.source {
            None => merger.bundles(&self.bundles)?,
            Some(path) => {
                let mut replay = Replay {
                    import: self,
                    merger: &mut merger,
                    begun: None,
                    pairs: 0,
                    tombstones: 0,
                    progress,
                };
                let facts = stream::read(
                    open_file(path, &self.file)?,
                    &self.file,
                    self.now,
                    &mut replay,
                )?;
                let same = facts == self.facts()
                    && replay.pairs == self.bundles.len()
                    && replay.tombstones == self.tombstones.len();
                // The merge is rolled back if it read another file.
                if !same {
                    return Err(self.changed());
                }
            }
        }
        // Asked to stop after the last entry: rolled back all the same.
        progress.go_on(&self.file)?;
        progress.enter(Stage::Saving);
        Ok(merger.finish(commit)?)
    }

    /// Merges it for good, as `candor import` does: committed at once when
    /// nothing here would be replaced or removed, else only after a copy of
    /// the journal beside itself, whose path comes back with the report.
    pub fn import(
        &self,
        store: &mut Store,
        links: &[(String, i64)],
    ) -> Result<(MergeReport, Option<PathBuf>), ImportError> {
        self.import_with(store, links, &Progress::default())
    }

    /// [`Import::import`], telling `progress` how far it has come. Stopped
    /// through it, nothing of the file is kept (a copy of the journal made
    /// before it stays, as every copy before an import does).
    pub fn import_with(
        &self,
        store: &mut Store,
        links: &[(String, i64)],
        progress: &Progress,
    ) -> Result<(MergeReport, Option<PathBuf>), ImportError> {
        let (report, committed) = self.merge_with(store, links, |r| !r.rewrites(), progress)?;
        if committed {
            return Ok((report, None));
        }
        progress.go_on(&self.file)?;
        progress.enter(Stage::Copying);
        let saved = store.backup_before_import()?;
        let report = self.merge_with(store, links, |_| true, progress)?.0;
        Ok((report, saved))
    }

    fn facts(&self) -> Facts {
        Facts {
            format_version: self.format_version,
            journal_uid: self.journal_uid.clone(),
            includes_private: self.includes_private,
            digest: self.digest,
        }
    }

    fn changed(&self) -> ImportError {
        ImportError::Changed {
            file: self.file.clone(),
        }
    }
}

/// The second reading of a file, into a merge: every part must be what the
/// first reading saw, and each pair begins before its first entry.
struct Replay<'a, 'm, 's> {
    import: &'a Import,
    merger: &'m mut Merger<'s>,
    /// The pair the merge is in.
    begun: Option<usize>,
    pairs: usize,
    tombstones: usize,
    progress: &'a Progress,
}

impl Replay<'_, '_, '_> {
    fn begin(&mut self, pair: usize) -> Result<(), ImportError> {
        if self.begun != Some(pair) {
            let header = self
                .import
                .bundles
                .get(pair)
                .ok_or_else(|| self.import.changed())?;
            self.merger.pair(header)?;
            self.begun = Some(pair);
        }
        Ok(())
    }
}

impl Sink for Replay<'_, '_, '_> {
    fn entry(&mut self, pair: usize, entry: Entry<'_>) -> Result<(), ImportError> {
        self.progress.step(&self.import.file)?;
        self.begin(pair)?;
        Ok(self.merger.entry(entry)?)
    }

    fn pair(&mut self, pair: usize, header: PairBundle) -> Result<(), ImportError> {
        self.begin(pair)?;
        self.pairs += 1;
        if self.import.bundles[pair] != header {
            return Err(self.import.changed());
        }
        Ok(())
    }

    fn tombstone(&mut self, tombstone: Tombstone) -> Result<(), ImportError> {
        if self.import.tombstones.get(self.tombstones) != Some(&tombstone) {
            return Err(self.import.changed());
        }
        self.tombstones += 1;
        Ok(())
    }
}

/// The first reading of a file: each pair's header and the deletions,
/// and a count of the entries.
struct Headers<'p> {
    file: &'p str,
    bundles: Vec<PairBundle>,
    tombstones: Vec<Tombstone>,
    entries: u64,
    progress: &'p Progress,
}

impl Sink for Headers<'_> {
    fn entry(&mut self, _: usize, _: Entry<'_>) -> Result<(), ImportError> {
        self.progress.step(self.file)?;
        self.entries += 1;
        Ok(())
    }

    fn pair(&mut self, _: usize, header: PairBundle) -> Result<(), ImportError> {
        self.bundles.push(header);
        Ok(())
    }

    fn tombstone(&mut self, tombstone: Tombstone) -> Result<(), ImportError> {
        self.tombstones.push(tombstone);
        Ok(())
    }
}

/// A reading kept whole, for text in memory: every pair with its entries.
#[derive(Default)]
struct Whole {
    /// The entries of the pair being read, before its header comes.
    open: Lists,
    bundles: Vec<PairBundle>,
    tombstones: Vec<Tombstone>,
    entries: u64,
}

/// A pair's entries.
#[derive(Default)]
struct Lists {
    checklist: Vec<crate::domain::ChecklistItem>,
    strengths: Vec<crate::domain::Strength>,
    experiences: Vec<crate::domain::Experience>,
    meetings: Vec<crate::domain::Meeting>,
    feedback: Vec<crate::domain::Feedback>,
    notes: Vec<crate::domain::Note>,
    actions: Vec<crate::domain::ActionItem>,
    goals: Vec<(crate::domain::Goal, Vec<crate::domain::GoalProgress>)>,
    checkins: Vec<crate::domain::CheckIn>,
}

impl Sink for Whole {
    fn entry(&mut self, _: usize, entry: Entry<'_>) -> Result<(), ImportError> {
        self.entries += 1;
        let l = &mut self.open;
        match entry {
            Entry::Item(e) => l.checklist.push(e.clone()),
            Entry::Strength(e) => l.strengths.push(e.clone()),
            Entry::Experience(e) => l.experiences.push(e.clone()),
            Entry::Meeting(e) => l.meetings.push(e.clone()),
            Entry::Feedback(e) => l.feedback.push(e.clone()),
            Entry::Note(e) => l.notes.push(e.clone()),
            Entry::Action(e) => l.actions.push(e.clone()),
            Entry::Goal(g, h) => l.goals.push((g.clone(), h.to_vec())),
            Entry::Checkin(e) => l.checkins.push(e.clone()),
        }
        Ok(())
    }

    fn pair(&mut self, _: usize, header: PairBundle) -> Result<(), ImportError> {
        let l = std::mem::take(&mut self.open);
        self.bundles.push(PairBundle {
            pair: header.pair,
            aliases: header.aliases,
            checklist: l.checklist,
            strengths: l.strengths,
            experiences: l.experiences,
            meetings: l.meetings,
            feedback: l.feedback,
            notes: l.notes,
            actions: l.actions,
            goals: l.goals,
            checkins: l.checkins,
        });
        Ok(())
    }

    fn tombstone(&mut self, tombstone: Tombstone) -> Result<(), ImportError> {
        self.tombstones.push(tombstone);
        Ok(())
    }
}

/// Opens the export at `path`, refusing a file larger than
/// [`super::MAX_IMPORT_BYTES`] before reading any of it, and reads it once
/// through: checked, its pairs' headers and its deletions kept. `now` is
/// the importer's clock.
pub fn open(path: &Path, now: DateTime<Utc>) -> Result<Import, ImportError> {
    open_with(path, now, &Progress::default())
}

/// [`open`], telling `progress` each entry checked.
pub fn open_with(
    path: &Path,
    now: DateTime<Utc>,
    progress: &Progress,
) -> Result<Import, ImportError> {
    progress.enter(Stage::Checking);
    let file = text::path(path);
    let mut headers = Headers {
        file: &file,
        bundles: Vec::new(),
        tombstones: Vec::new(),
        entries: 0,
        progress,
    };
    let facts = stream::read(open_file(path, &file)?, &file, now, &mut headers)?;
    let Headers {
        bundles,
        tombstones,
        entries,
        ..
    } = headers;
    Ok(Import {
        source: Some(path.to_owned()),
        file,
        now,
        digest: facts.digest,
        format_version: facts.format_version,
        journal_uid: facts.journal_uid,
        includes_private: facts.includes_private,
        bundles,
        entries,
        tombstones,
    })
}

fn open_file(path: &Path, file: &str) -> Result<std::fs::File, ImportError> {
    let io = |error| ImportError::Io {
        file: file.to_owned(),
        error,
    };
    let handle = std::fs::File::open(path).map_err(io)?;
    let size = handle.metadata().map_err(io)?.len();
    if size > super::MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge {
            file: file.to_owned(),
            size,
        });
    }
    Ok(handle)
}

/// Parses an export held as text, checks it against its own claims and
/// every entry as the CLI would. `file` names it in errors; `now` is the
/// importer's clock.
pub fn parse(json: &str, file: &str, now: DateTime<Utc>) -> Result<Import, ImportError> {
    let mut whole = Whole::default();
    let facts = stream::read(json.as_bytes(), file, now, &mut whole)?;
    Ok(Import {
        source: None,
        file: file.to_owned(),
        now,
        digest: facts.digest,
        format_version: facts.format_version,
        journal_uid: facts.journal_uid,
        includes_private: facts.includes_private,
        bundles: whole.bundles,
        entries: whole.entries,
        tombstones: whole.tombstones,
    })
}
