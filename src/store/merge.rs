//! Merging an import in by uid: new rows are added, known ones updated
//! only when the incoming copy is newer, tombstones applied and kept. One
//! transaction for the lot, fed a pair and an entry at a time, so a file
//! is never held whole. What is merged how lives in `merge/`.

mod entries;
mod pairs;
mod report;
mod rows;
mod tombstones;

pub use report::{KeptPair, KindCounts, MergeReport};
pub(super) use rows::{tombstoned, uid_in_use};

use std::collections::HashMap;

use super::{Entry, PairBundle, Result, Store, Tombstone, timestamp};
use crate::clock::Clock;
use crate::domain::Kind;
use entries::merge_entry;
use pairs::{link, merge_pair, resolve_pair};
use tombstones::apply_tombstone;

impl Store {
    /// Merges validated bundles and tombstones in one transaction. A pair new
    /// here takes the role opposite to the exporter's (`bundle.pair.my_role`);
    /// a known pair keeps the role it has. A tombstone removes only a shared
    /// entry of the kind it names, in a pair the bundles carry; it never
    /// removes a pair, a private note or a check-in. A private note or a
    /// check-in already here is never changed.
    pub fn merge(
        &mut self,
        bundles: &[PairBundle],
        tombstones: &[Tombstone],
    ) -> Result<MergeReport> {
        let mut merger = self.merger(bundles, tombstones, &[])?;
        merger.bundles(bundles)?;
        Ok(merger.finish(|_| true)?.0)
    }

    /// Starts a merge in a transaction of its own: the links of `links`
    /// made and the tombstones applied first (they reach only the pairs
    /// here that `pairs` carry, by uid or alias, so every pair's header
    /// comes first, without its entries). Then each pair is given to
    /// [`Merger::pair`] and its entries, one at a time, to
    /// [`Merger::entry`]; nothing is committed before [`Merger::finish`].
    pub fn merger(
        &mut self,
        pairs: &[PairBundle],
        tombstones: &[Tombstone],
        links: &[(String, i64)],
    ) -> Result<Merger<'_>> {
        self.merger_from(pairs, tombstones, links, false)
    }

    /// [`Store::merger`] for what another device of the same person wrote
    /// (`candor sync`, `same_person`): a pair new here keeps the role it
    /// has there; a pair's next meeting comes only from its planned
    /// meetings (a day named by an export of an earlier candor plans none);
    /// and a deletion of an entry not here yet is kept, so the entry does
    /// not come back in a file delivered late.
    pub(super) fn merger_from(
        &mut self,
        pairs: &[PairBundle],
        tombstones: &[Tombstone],
        links: &[(String, i64)],
        same_person: bool,
    ) -> Result<Merger<'_>> {
        let clock = &*self.clock;
        let tx = self.conn.transaction()?;
        let mut report = MergeReport::default();
        let now = timestamp(clock.now());
        for (uid, pair_id) in links {
            link(&tx, uid, *pair_id, &now)?;
        }
        // The pairs here this file carries, by its uids and aliases: the
        // only ones its tombstones reach.
        let mut carried: HashMap<String, i64> = HashMap::new();
        for b in pairs {
            if let Some(id) = resolve_pair(&tx, &b.pair.uid, &b.aliases)? {
                for uid in std::iter::once(&b.pair.uid).chain(&b.aliases) {
                    carried.insert(uid.clone(), id);
                }
            }
        }
        for t in tombstones {
            apply_tombstone(&tx, t, &carried, same_person, &mut report)?;
        }
        Ok(Merger {
            tx,
            clock,
            now,
            report,
            current: None,
            same_person,
            source: None,
        })
    }
}

/// A merge under way: one transaction, a pair at a time, an entry at a
/// time (see [`Store::merger`]).
pub struct Merger<'s> {
    tx: rusqlite::Transaction<'s>,
    clock: &'s dyn Clock,
    now: String,
    report: MergeReport,
    /// The pair entries go to now, if it was merged (not deleted here).
    current: Option<Current>,
    /// The file comes from another device of this journal's person (see
    /// [`Store::merger_from`]).
    same_person: bool,
    /// The sync folder the file came from, if it came from one.
    source: Option<i64>,
}

/// The pair a merge is in.
struct Current {
    id: i64,
    /// Whether the file's copy of the pair was taken (new, or newer here).
    taken: bool,
    /// The day the file names for the next meeting (an export of an
    /// earlier candor), until a meeting of the file on that day is seen.
    next_meeting_on: Option<chrono::NaiveDate>,
}

impl<'s> Merger<'s> {
    /// Notes the sync folder the merged file came from: what it brings is
    /// not written back there.
    pub(super) fn came_from(&mut self, folder: i64) {
        self.source = Some(folder);
    }

    /// The transaction the merge runs in, for what must commit with it.
    pub(super) fn transaction(&self) -> &rusqlite::Transaction<'s> {
        &self.tx
    }

    /// Runs `f` in the merge's transaction, counting in its report.
    pub(super) fn within<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'s>, &mut MergeReport) -> Result<T>,
    ) -> Result<T> {
        f(&self.tx, &mut self.report)
    }

    /// Ends the pair before, then adds or updates the pair of `header` (its
    /// entries, if any, are not read): the entries that follow go to it.
    pub fn pair(&mut self, header: &PairBundle) -> Result<()> {
        self.end_pair()?;
        let here = resolve_pair(&self.tx, &header.pair.uid, &header.aliases)?;
        let same_person = self.same_person;
        let merged = merge_pair(
            &self.tx,
            header,
            same_person,
            here,
            &self.now,
            &mut self.report,
        )?;
        self.current = merged.map(|(id, taken)| Current {
            id,
            taken,
            next_meeting_on: header.pair.next_meeting_on.filter(|_| !same_person),
        });
        Ok(())
    }

    /// Merges one entry into the current pair; nothing when that pair was
    /// deleted here or no pair was begun.
    pub fn entry(&mut self, entry: Entry<'_>) -> Result<()> {
        let Some(current) = &mut self.current else {
            return Ok(());
        };
        if let Entry::Meeting(m) = entry
            && current.next_meeting_on == Some(self.clock.local(m.held_at).date())
        {
            current.next_meeting_on = None;
        }
        merge_entry(&self.tx, entry, current.id, &mut self.report)
    }

    /// Merges whole bundles held in memory, each pair with its entries.
    pub fn bundles(&mut self, bundles: &[PairBundle]) -> Result<()> {
        for b in bundles {
            self.pair(b)?;
            for entry in b.entries() {
                self.entry(entry)?;
            }
        }
        Ok(())
    }

    /// What the merge has done so far.
    pub fn report(&self) -> &MergeReport {
        &self.report
    }

    /// Ends the last pair, then commits if `commit` says so on seeing the
    /// report (else rolls back); returns the report and whether it was
    /// committed.
    pub fn finish(
        mut self,
        commit: impl FnOnce(&MergeReport) -> bool,
    ) -> Result<(MergeReport, bool)> {
        self.end_pair()?;
        let committed = commit(&self.report);
        if committed {
            // What came in here goes on to every other sync folder, however
            // old its time of change: each one's next file reaches back to it.
            if let Some(earliest) = &self.report.earliest {
                self.tx.execute(
                    "UPDATE sync_folder SET written_until = min(written_until, ?1)
                     WHERE written_until IS NOT NULL AND id IS NOT ?2",
                    rusqlite::params![earliest, self.source],
                )?;
            }
            self.tx.commit()?;
        } else {
            self.tx.rollback()?;
        }
        Ok((self.report, committed))
    }

    /// An export of an earlier candor names the next meeting as a day of
    /// the pair's own, with no meeting on it: when the file's pair is
    /// taken, a meeting is planned on that day (unless one is here).
    fn end_pair(&mut self) -> Result<()> {
        let Some(current) = self.current.take() else {
            return Ok(());
        };
        let clock = self.clock;
        if current.taken
            && let Some(day) = current.next_meeting_on
            && let Some(when) = crate::domain::planned_at(day, None, clock)
            && !super::migrate::meets_on(&self.tx, current.id, day, clock)?
        {
            super::pairs::plan_meeting(&self.tx, current.id, when, &self.now)?;
            self.report.added(Kind::Meeting);
        }
        Ok(())
    }
}
