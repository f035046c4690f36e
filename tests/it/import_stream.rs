//! An import reads its file as a stream, twice, never whole: once to check
//! it and learn its pairs, then again into the merge. What that must keep:
//! a pair's fields may come in any order (its uid and aliases after its
//! entries), and a file that changes between the two readings is refused
//! with nothing written.

#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::PathBuf;
use std::sync::Arc;

use candor::clock::{Clock, FixedClock};
use candor::export::{self, ImportError};
use candor::store::Store;
use rstest::rstest;
use serde_json::Value;

use crate::support::cli::{Journal, read_json};

/// A day after the journals' clock, for the importing side.
const LATER: &str = "2026-11-28T09:30:00Z";

/// A journal with a pair, a meeting, feedback and notes, and its export.
fn exported() -> (Journal, PathBuf) {
    let a = Journal::new().created();
    a.ok(&[
        "pair",
        "add",
        "--mentor",
        "Ana Diaz",
        "--mentee",
        "Ben Okafor",
        "--since",
        "2026-10-01",
    ]);
    a.ok(&["meeting", "add", "Ben", "we talked about trust first"]);
    a.ok(&[
        "feedback",
        "add",
        "Ben",
        "--to",
        "mentor",
        "slow down when you explain",
    ]);
    for n in 1..=3 {
        a.ok(&[
            "note",
            "add",
            "Ben",
            &format!("note number {n} about the kestrel"),
        ]);
    }
    let file = a.path("a.json");
    a.ok(&[
        "export",
        "--all",
        "--format",
        "json",
        "-o",
        file.to_str().unwrap(),
    ]);
    (a, file)
}

/// What a journal holds, as its own JSON export's pairs.
fn pairs_of(j: &Journal) -> Value {
    let file = j.path("out.json");
    j.ok(&[
        "export",
        "--all",
        "--format",
        "json",
        "-o",
        file.to_str().unwrap(),
    ]);
    read_json(&file)["pairs"].clone()
}

#[test]
fn a_pair_whose_uid_and_header_come_after_its_entries_imports_the_same() {
    let (a, file) = exported();
    let doc = read_json(&file);
    // The export names a pair's people before its entries; written again
    // by serde_json (keys in alphabetical order), the file does not.
    let text = fs::read_to_string(&file).unwrap();
    assert!(text.find("\"mentor_name\"").unwrap() < text.find("\"notes\"").unwrap());
    let written = serde_json::to_string_pretty(&doc).unwrap();
    assert!(written.find("\"notes\"").unwrap() < written.find("\"mentor_name\"").unwrap());
    let other = a.path("turned.json");
    fs::write(&other, written).unwrap();

    let b1 = Journal::at(LATER).created();
    b1.ok(&["import", file.to_str().unwrap()]);
    let b2 = Journal::at(LATER).created();
    let said = b2.ok(&["import", other.to_str().unwrap()]);
    assert!(said.contains(": 18 added, 0 updated"), "{said}");
    let (one, two) = (pairs_of(&b1), pairs_of(&b2));
    assert_eq!(one, two);
    assert_eq!(one[0]["notes"].as_array().unwrap().len(), 3);
    assert!(
        one[0]["notes"]
            .to_string()
            .contains("note number 2 about the kestrel")
    );
}

#[rstest]
#[case::a_text_changed("note number 2", "note number 9")]
#[case::the_same_size("kestrel", "falcon!")]
fn a_file_changed_between_its_check_and_its_merge_is_refused_with_nothing_written(
    #[case] from: &str,
    #[case] to: &str,
) {
    let (_a, file) = exported();
    let b = Journal::at(LATER).created();
    b.ok(&[
        "pair",
        "add",
        "--mentor",
        "Ana Diaz",
        "--mentee",
        "Cleo Park",
    ]);
    let before = b.count("SELECT count(*) FROM note") + b.count("SELECT count(*) FROM pair");

    let clock: Arc<dyn Clock> = Arc::new(FixedClock::parse(LATER).unwrap());
    let mut store = Store::open(&b.db, clock.clone()).unwrap();
    let import = export::open(&file, clock.now()).unwrap();
    let text = fs::read_to_string(&file).unwrap();
    assert!(text.contains(from));
    fs::write(&file, text.replacen(from, to, 1)).unwrap();

    let err = import.import(&mut store, &[]).unwrap_err();
    assert!(matches!(err, ImportError::Changed { .. }), "{err:?}");
    assert!(
        err.to_string()
            .ends_with("a.json changed while it was being imported; nothing was imported"),
        "{err}"
    );
    drop(store);
    let after = b.count("SELECT count(*) FROM note") + b.count("SELECT count(*) FROM pair");
    assert_eq!(after, before);

    // Checked again, the file as it is now imports.
    let mut store = Store::open(&b.db, clock.clone()).unwrap();
    let again = export::open(&file, clock.now()).unwrap();
    let (report, _) = again.import(&mut store, &[]).unwrap();
    assert_eq!(report.added, 1 + 12 + 1 + 1 + 3, "{report:?}");
}

#[test]
fn each_reading_tells_its_progress_and_an_import_stopped_keeps_nothing() {
    use candor::export::{Progress, Stage};
    let (_a, file) = exported();
    let b = Journal::at(LATER).created();
    let clock: Arc<dyn Clock> = Arc::new(FixedClock::parse(LATER).unwrap());

    // The first reading counts the entries as it checks them.
    let checking = Progress::default();
    let import = export::open_with(&file, clock.now(), &checking).unwrap();
    assert_eq!(
        import.entries,
        12 + 1 + 1 + 3,
        "checklist, meeting, feedback, notes"
    );
    assert_eq!(
        (checking.stage(), checking.done()),
        (Stage::Checking, import.entries)
    );

    // Asked to stop, it stops and keeps nothing of the file.
    let mut store = Store::open(&b.db, clock.clone()).unwrap();
    let stopped = Progress::default();
    stopped.stop();
    let err = import.import_with(&mut store, &[], &stopped).unwrap_err();
    assert!(matches!(err, ImportError::Stopped { .. }), "{err:?}");
    assert!(
        err.to_string()
            .ends_with("a.json was stopped; nothing of it was imported"),
        "{err}"
    );
    drop(store);
    assert_eq!(b.count("SELECT count(*) FROM pair"), 0);
    assert_eq!(b.count("SELECT count(*) FROM note"), 0);

    // Left to run, it merges every entry of the file, then writes it.
    let mut store = Store::open(&b.db, clock.clone()).unwrap();
    let merging = Progress::default();
    let (report, _) = import.import_with(&mut store, &[], &merging).unwrap();
    assert_eq!(report.added as u64, 1 + import.entries, "{report:?}");
    assert_eq!(merging.stage(), Stage::Saving);
    assert_eq!(
        (merging.done(), merging.total()),
        (import.entries, import.entries)
    );
    drop(store);
    assert_eq!(b.count("SELECT count(*) FROM note"), 3);
}
