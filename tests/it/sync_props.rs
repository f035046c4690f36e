//! Three journals of one person (laptop, desktop, tablet) sync through one
//! folder, and the laptop shares the pair with the partner (the mentee, in
//! a journal of their own) through another, in random rounds: notes added, edited and deleted on any of them,
//! files of the folder copied as a sync tool's conflict copies, and files
//! held back and delivered late. Once every file is delivered and each has
//! synced, all three hold the same shared notes, the same private notes
//! (the same sealed bytes: the laptop has a passphrase, the others took its
//! key), the same deletions and the same pair; and no text of any note is
//! anywhere in the folder.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use proptest::test_runner::{FileFailurePersistence, RngSeed};
use tempfile::TempDir;

use candor::clock::{Clock, ManualClock};
use candor::domain::{NewPair, Role};
use candor::store::{NewNote, Page, Store};
use candor::sync::{self, Ask};
use candor::template::Template;

const JOURNALS: usize = 3;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/proptest-regressions/sync_props.txt",
        ))),
        // Fixed, so every run tries the same cases; SYNC_PROP_SEED tries others.
        rng_seed: RngSeed::Fixed(
            std::env::var("SYNC_PROP_SEED")
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0x5_c0de),
        ),
        max_shrink_iters: 256,
        ..ProptestConfig::with_cases(cases)
    }
}

/// One step of a round.
#[derive(Debug, Clone)]
enum Step {
    /// Journal `j` adds a note.
    Add(usize),
    /// Journal `j` adds a private note (sealed: every journal has the key).
    AddPrivate(usize),
    /// Journal `j` deletes its `k`-th private note.
    DeletePrivate(usize, usize),
    /// Journal `j` edits its `k`-th shared note (by uid order).
    Edit(usize, usize),
    /// Journal `j` deletes its `k`-th shared note.
    Delete(usize, usize),
    /// Journal `j` syncs.
    Sync(usize),
    /// The sync tool makes a conflict copy of the `k`-th file of the folder.
    Copy(usize),
    /// The sync tool holds the `k`-th file back.
    Hold(usize),
    /// The sync tool delivers every file held back.
    Deliver,
    /// The partner adds a shared note to their pair.
    PartnerAdd,
    /// The partner edits their `k`-th note.
    PartnerEdit(usize),
    /// The partner deletes their `k`-th note.
    PartnerDelete(usize),
    /// The partner syncs the folder they share with the laptop.
    PartnerSync,
    /// The laptop syncs the folder it shares with the partner.
    LaptopPairSync,
}

fn step() -> impl Strategy<Value = Step> {
    let j = 0..JOURNALS;
    prop_oneof![
        3 => j.clone().prop_map(Step::Add),
        1 => j.clone().prop_map(Step::AddPrivate),
        1 => (j.clone(), 0..8usize).prop_map(|(j, k)| Step::DeletePrivate(j, k)),
        2 => (j.clone(), 0..8usize).prop_map(|(j, k)| Step::Edit(j, k)),
        1 => (j.clone(), 0..8usize).prop_map(|(j, k)| Step::Delete(j, k)),
        4 => j.prop_map(Step::Sync),
        1 => (0..40usize).prop_map(Step::Copy),
        1 => (0..40usize).prop_map(Step::Hold),
        1 => Just(Step::Deliver),
        2 => Just(Step::PartnerAdd),
        1 => (0..8usize).prop_map(Step::PartnerEdit),
        1 => (0..8usize).prop_map(Step::PartnerDelete),
        2 => Just(Step::PartnerSync),
        2 => Just(Step::LaptopPairSync),
    ]
}

struct World {
    _dir: TempDir,
    folder: PathBuf,
    /// The folder the laptop shares the pair with the partner through.
    shared: PathBuf,
    /// The partner's own journal of the relationship (the mentee's).
    partner: Store,
    partner_clock: Arc<ManualClock>,
    partner_pair_uid: String,
    held: PathBuf,
    stores: Vec<Store>,
    clocks: Vec<Arc<ManualClock>>,
    pair_uid: String,
    /// Every text any note ever had, to look for in the folder.
    texts: Vec<String>,
    written: usize,
}

fn start() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-27T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

impl World {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("Sync");
        let held = dir.path().join("held");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::create_dir_all(&held).unwrap();
        let mut stores = Vec::new();
        let mut clocks = Vec::new();
        for j in 0..JOURNALS {
            // Clocks a few milliseconds apart: no two edits share a time.
            let clock = Arc::new(ManualClock::new(start() + Duration::milliseconds(j as i64)));
            let store = Store::open(
                &dir.path().join(format!("j{j}.db")),
                Arc::clone(&clock) as Arc<dyn Clock>,
            )
            .unwrap();
            stores.push(store);
            clocks.push(clock);
        }
        let new = NewPair::new(
            "Ana Diaz",
            "Ben Okafor",
            Role::Mentor,
            "",
            start().date_naive(),
            Some(14),
        )
        .unwrap();
        let pair = stores[0].add_pair(&new, &Template::built_in()).unwrap();
        // A passphrase (cheap to derive here): private notes travel sealed,
        // and the others take the key when they join.
        let cheap = candor::crypto::KdfParams {
            m_kib: 8,
            t: 1,
            p: 1,
        };
        stores[0]
            .set_passphrase("a passphrase for the test", cheap)
            .unwrap();
        let names = ["laptop", "desktop", "tablet"];
        let first = sync::sync(
            &mut stores[0],
            &folder,
            &Ask {
                device_name: Some(names[0]),
                ..Ask::default()
            },
        )
        .unwrap();
        let code = first.new_code.unwrap();
        // The partner keeps a journal of the same relationship, made apart,
        // and shares it with the laptop through a folder of its own.
        let shared = dir.path().join("Shared");
        std::fs::create_dir_all(&shared).unwrap();
        let partner_clock = Arc::new(ManualClock::new(start() + Duration::milliseconds(7)));
        let mut partner = Store::open(
            &dir.path().join("partner.db"),
            Arc::clone(&partner_clock) as Arc<dyn Clock>,
        )
        .unwrap();
        let theirs = NewPair::new(
            "Ana Diaz",
            "Ben Okafor",
            Role::Mentee,
            "",
            start().date_naive(),
            Some(14),
        )
        .unwrap();
        let partner_pair = partner.add_pair(&theirs, &Template::built_in()).unwrap();
        let pair_code = sync::sync(
            &mut stores[0],
            &shared,
            &Ask {
                pair: Some(pair.id),
                ..Ask::default()
            },
        )
        .unwrap()
        .new_code
        .unwrap();
        sync::sync(
            &mut partner,
            &shared,
            &Ask {
                join: Some(pair_code.as_str()),
                pair: Some(partner_pair.id),
                ..Ask::default()
            },
        )
        .unwrap();
        for j in 1..JOURNALS {
            let round = sync::sync(
                &mut stores[j],
                &folder,
                &Ask {
                    join: Some(code.as_str()),
                    device_name: Some(names[j]),
                    ..Ask::default()
                },
            )
            .unwrap();
            assert!(round.skipped.is_empty(), "{:?}", round.skipped);
        }
        Self {
            _dir: dir,
            folder,
            shared,
            partner,
            partner_clock,
            partner_pair_uid: partner_pair.uid,
            held,
            stores,
            clocks,
            pair_uid: pair.uid,
            texts: Vec::new(),
            written: 0,
        }
    }

    fn pair_id(&self, j: usize) -> Option<i64> {
        self.stores[j]
            .pairs()
            .unwrap()
            .into_iter()
            .find(|p| p.uid == self.pair_uid)
            .map(|p| p.id)
    }

    /// Journal `j`'s shared notes: (uid, text), by uid.
    fn notes(&self, j: usize) -> Vec<(String, String)> {
        let Some(id) = self.pair_id(j) else {
            return Vec::new();
        };
        shared_notes(&self.stores[j], id)
    }

    /// The partner's pair's shared notes.
    fn partner_notes(&self) -> Vec<(String, String)> {
        let id = self.partner_pair_id();
        shared_notes(&self.partner, id)
    }

    fn partner_pair_id(&self) -> i64 {
        self.partner
            .pairs()
            .unwrap()
            .into_iter()
            .find(|p| p.uid == self.partner_pair_uid)
            .unwrap()
            .id
    }

    /// Journal `j`'s private notes: (uid, the sealed text as stored), by uid.
    fn sealed(&self, j: usize) -> Vec<(String, Vec<u8>)> {
        let path = self.stores[j].path().unwrap().to_owned();
        let conn = rusqlite::Connection::open(path).unwrap();
        let mut stmt = conn
            .prepare("SELECT uid, sealed FROM note WHERE private ORDER BY uid")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    fn text(&mut self, what: &str) -> String {
        self.written += 1;
        let text = format!("{what} canary{:04}x about the retro", self.written);
        self.texts.push(text.clone());
        text
    }

    /// Every file of the folder (not the marker), in a stable order.
    fn files(&self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for d in std::fs::read_dir(&self.folder).unwrap().flatten() {
            if d.path().is_dir() {
                for f in std::fs::read_dir(d.path()).unwrap().flatten() {
                    let name = f.file_name().to_string_lossy().into_owned();
                    if name.as_bytes()[0].is_ascii_digit() {
                        out.push(f.path());
                    }
                }
            }
        }
        // In the order of the journals that wrote them (their folders are
        // named by random uids), then by name: a step picks the same file on
        // every run.
        let place = |p: &PathBuf| {
            let device = p
                .parent()
                .and_then(|d| d.file_name())
                .unwrap()
                .to_string_lossy();
            let writer = (0..JOURNALS).find(|j| {
                let folder = sync::folder_path(&self.folder).unwrap();
                self.stores[*j]
                    .sync_folder(&folder)
                    .unwrap()
                    .is_some_and(|f| f.device_uid == device)
            });
            (writer, p.file_name().unwrap().to_owned())
        };
        out.sort_by_key(place);
        out
    }

    fn run(&mut self, step: &Step) {
        match *step {
            Step::Add(j) => {
                self.clocks[j].advance(Duration::seconds(1));
                let body = self.text("added");
                if let Some(id) = self.pair_id(j) {
                    let note = NewNote {
                        body,
                        private: false,
                        tags: Vec::new(),
                    };
                    self.stores[j].add_note(id, &note).unwrap();
                }
            }
            Step::AddPrivate(j) => {
                self.clocks[j].advance(Duration::seconds(1));
                let body = self.text("private");
                if let Some(id) = self.pair_id(j) {
                    let note = NewNote {
                        body,
                        private: true,
                        tags: Vec::new(),
                    };
                    self.stores[j].add_note(id, &note).unwrap();
                }
            }
            Step::DeletePrivate(j, k) => {
                self.clocks[j].advance(Duration::seconds(1));
                let private = self.sealed(j);
                if private.is_empty() {
                    return;
                }
                let uid = &by_time(self.stores[j].path().unwrap())[k % private.len()];
                let path = self.stores[j].path().unwrap().to_owned();
                let id: i64 = rusqlite::Connection::open(path)
                    .unwrap()
                    .query_row("SELECT id FROM note WHERE uid = ?1", [uid], |r| r.get(0))
                    .unwrap();
                let pair = self.pair_id(j).unwrap();
                self.stores[j]
                    .delete_entry(pair, candor::domain::Kind::Note, id)
                    .unwrap();
            }
            Step::Edit(j, k) => {
                self.clocks[j].advance(Duration::seconds(1));
                let notes = self.notes(j);
                if notes.is_empty() {
                    return;
                }
                let uid = &by_text(notes.clone())[k % notes.len()];
                let id = self.note_id(j, uid);
                let body = self.text("edited");
                let note = NewNote {
                    body,
                    private: false,
                    tags: Vec::new(),
                };
                self.stores[j].update_note(id, None, &note).unwrap();
            }
            Step::Delete(j, k) => {
                self.clocks[j].advance(Duration::seconds(1));
                let notes = self.notes(j);
                if notes.is_empty() {
                    return;
                }
                let uid = by_text(notes.clone())[k % notes.len()].clone();
                let id = self.note_id(j, &uid);
                let pair = self.pair_id(j).unwrap();
                self.stores[j]
                    .delete_entry(pair, candor::domain::Kind::Note, id)
                    .unwrap();
            }
            Step::Sync(j) => {
                self.clocks[j].advance(Duration::seconds(1));
                let round = sync::sync(&mut self.stores[j], &self.folder, &Ask::default()).unwrap();
                assert!(round.skipped.is_empty(), "{:?}", round.skipped);
            }
            Step::Copy(k) => {
                let files = self.files();
                if files.is_empty() {
                    return;
                }
                let f = &files[k % files.len()];
                let name = f.file_name().unwrap().to_string_lossy().into_owned();
                let (seq, kind) = name.split_once('.').unwrap();
                let copy = f.with_file_name(format!("{seq} (conflicted copy).{kind}"));
                std::fs::copy(f, copy).unwrap();
            }
            Step::Hold(k) => {
                let files = self.files();
                if files.is_empty() {
                    return;
                }
                let f = &files[k % files.len()];
                let device = f.parent().unwrap().file_name().unwrap();
                let to = self.held.join(device);
                std::fs::create_dir_all(&to).unwrap();
                std::fs::rename(f, to.join(f.file_name().unwrap())).unwrap();
            }
            Step::Deliver => self.deliver(),
            Step::PartnerAdd => {
                self.partner_clock.advance(Duration::seconds(1));
                let body = self.text("partner");
                let id = self.partner_pair_id();
                let note = NewNote {
                    body,
                    private: false,
                    tags: Vec::new(),
                };
                self.partner.add_note(id, &note).unwrap();
            }
            Step::PartnerEdit(k) => {
                self.partner_clock.advance(Duration::seconds(1));
                let notes = self.partner_notes();
                if notes.is_empty() {
                    return;
                }
                let uid = by_text(notes.clone())[k % notes.len()].clone();
                let pair = self.partner_pair_id();
                let id = note_id_in(&self.partner, pair, &uid);
                let body = self.text("partner edited");
                let note = NewNote {
                    body,
                    private: false,
                    tags: Vec::new(),
                };
                self.partner.update_note(id, None, &note).unwrap();
            }
            Step::PartnerDelete(k) => {
                self.partner_clock.advance(Duration::seconds(1));
                let notes = self.partner_notes();
                if notes.is_empty() {
                    return;
                }
                let pair = self.partner_pair_id();
                let id = note_id_in(
                    &self.partner,
                    pair,
                    &by_text(notes.clone())[k % notes.len()],
                );
                self.partner
                    .delete_entry(pair, candor::domain::Kind::Note, id)
                    .unwrap();
            }
            Step::PartnerSync => {
                self.partner_clock.advance(Duration::seconds(1));
                let round = sync::sync(&mut self.partner, &self.shared, &Ask::default()).unwrap();
                assert!(round.skipped.is_empty(), "{:?}", round.skipped);
            }
            Step::LaptopPairSync => {
                self.clocks[0].advance(Duration::seconds(1));
                let round = sync::sync(&mut self.stores[0], &self.shared, &Ask::default()).unwrap();
                assert!(round.skipped.is_empty(), "{:?}", round.skipped);
            }
        }
    }

    fn note_id(&self, j: usize, uid: &str) -> i64 {
        note_id_in(&self.stores[j], self.pair_id(j).unwrap(), uid)
    }

    /// The sync tool delivers everything it held back.
    fn deliver(&mut self) {
        for d in std::fs::read_dir(&self.held).unwrap().flatten() {
            let to = self.folder.join(d.file_name());
            for f in std::fs::read_dir(d.path()).unwrap().flatten() {
                let target = to.join(f.file_name());
                // A device may have written the same name again meanwhile:
                // then the late file arrives as a conflict copy.
                let target = if target.exists() {
                    let name = f.file_name().to_string_lossy().into_owned();
                    let (seq, kind) = name.split_once('.').unwrap();
                    to.join(format!("{seq}.sync-conflict-late.{kind}"))
                } else {
                    target
                };
                std::fs::rename(f.path(), target).unwrap();
            }
        }
    }

    /// The uids journal `j` keeps deleted (a deletion the partner made
    /// names their pair's uid, one of ours the laptop's: the same pair).
    fn deletions(&self, j: usize) -> BTreeSet<String> {
        self.stores[j]
            .tombstones(None)
            .unwrap()
            .into_iter()
            .map(|t| t.uid)
            .collect()
    }
}

/// The uids of `notes` in the order of their texts: a step picks the same
/// note on every run (uids are random, texts are not).
fn by_text(mut notes: Vec<(String, String)>) -> Vec<String> {
    notes.sort_by(|a, b| a.1.cmp(&b.1));
    notes.into_iter().map(|(uid, _)| uid).collect()
}

/// The uids of the private notes of the journal at `path`, oldest first.
fn by_time(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT uid FROM note WHERE private ORDER BY created_at, updated_at")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// The shared notes of pair `id` in `store`: (uid, text), by uid.
fn shared_notes(store: &Store, id: i64) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = store
        .notes(id, false, &Page::first(10_000))
        .unwrap()
        .into_iter()
        .filter_map(|n| Some((n.uid.clone(), n.text()?.body.clone())))
        .collect();
    out.sort();
    out
}

/// The id of note `uid` of pair `pair` in `store`.
fn note_id_in(store: &Store, pair: i64, uid: &str) -> i64 {
    store
        .notes(pair, true, &Page::first(10_000))
        .unwrap()
        .into_iter()
        .find(|n| n.uid == uid)
        .unwrap()
        .id
}

/// Every file under `dir`, read whole.
fn bytes_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.path().is_dir() {
            out.extend(bytes_under(&e.path()));
        } else {
            out.push((e.path(), std::fs::read(e.path()).unwrap()));
        }
    }
    out
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn three_devices_converge_whatever_the_order_copies_and_delays(
        steps in prop::collection::vec(step(), 1..60),
    ) {
        let mut w = World::new();
        for s in &steps {
            w.run(s);
        }
        w.deliver();
        // Rounds enough for a change made anywhere to reach everyone: a
        // desktop's note goes to the laptop, then on to the partner.
        for _ in 0..3 {
            for j in 0..JOURNALS {
                w.run(&Step::Sync(j));
            }
            w.run(&Step::LaptopPairSync);
            w.run(&Step::PartnerSync);
            w.run(&Step::LaptopPairSync);
        }
        for j in 0..JOURNALS {
            w.run(&Step::Sync(j));
        }
        let first = w.notes(0);
        prop_assert!(w.sealed(0).iter().all(|(_, s)| !s.is_empty()));
        for j in 1..JOURNALS {
            prop_assert_eq!(&w.notes(j), &first, "journal {} differs", j);
            prop_assert_eq!(w.deletions(j), w.deletions(0), "journal {} differs", j);
            prop_assert_eq!(w.sealed(j), w.sealed(0), "journal {}'s private notes differ", j);
        }
        prop_assert!(w.pair_id(1).is_some() && w.pair_id(2).is_some());
        // The partner holds the pair's shared notes as the laptop does, and
        // no private note of the laptop's, nor any pair but their own.
        prop_assert_eq!(&w.partner_notes(), &first, "the partner differs");
        prop_assert_eq!(w.partner.pairs().unwrap().len(), 1);
        let private: i64 = rusqlite::Connection::open(w.partner.path().unwrap())
            .unwrap()
            .query_row("SELECT count(*) FROM note WHERE private", [], |r| r.get(0))
            .unwrap();
        prop_assert_eq!(private, 0);
        if std::env::var_os("SYNC_PROP_STATS").is_some() {
            let count = |f: fn(&Step) -> bool| steps.iter().filter(|s| f(s)).count();
            let files = bytes_under(&w.folder).len();
            eprintln!(
                "steps {} syncs {} copies {} held {} deliveries {} files {} notes {} deletions {}",
                steps.len(),
                count(|s| matches!(s, Step::Sync(_))) + 2 * JOURNALS,
                count(|s| matches!(s, Step::Copy(_))),
                count(|s| matches!(s, Step::Hold(_))),
                count(|s| matches!(s, Step::Deliver)) + 1,
                files,
                first.len(),
                w.deletions(0).len()
            );
        }
        // Nothing anyone wrote is in the folder in clear.
        for (path, bytes) in bytes_under(&w.folder).into_iter().chain(bytes_under(&w.shared)) {
            let text = String::from_utf8_lossy(&bytes);
            for t in &w.texts {
                let canary = &t[t.find("canary").unwrap()..][..11];
                prop_assert!(!text.contains(canary), "{} holds {}", path.display(), canary);
            }
            prop_assert!(!text.contains("Okafor"), "{} holds a name", path.display());
        }
    }
}
