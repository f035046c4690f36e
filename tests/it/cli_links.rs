//! `candor pair merge`, through the real binary: two pairs for one
//! relationship become one, entries and uids kept, checklists met by key,
//! sealed texts bound to the pair they land in, and the other pair's uid
//! kept as an alias. Refusals change nothing.

#![allow(clippy::unwrap_used)]

use crate::support::cli::{Journal, array};

use std::fs;

fn two_pairs_for_ben(j: &Journal) {
    for _ in 0..2 {
        j.ok(&[
            "pair",
            "add",
            "--mentor",
            "Ana Ruiz",
            "--mentee",
            "Ben Okafor",
        ]);
    }
}

fn uids(j: &Journal, pair: &str, what: &str) -> Vec<String> {
    let mut uids: Vec<String> = array(j.json(&["list", pair, what, "--private", "--json"]))
        .iter()
        .map(|v| v["uid"].as_str().unwrap().to_owned())
        .collect();
    uids.sort();
    uids
}

fn files_named(j: &Journal, part: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(j.path("."))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(part) && !n.ends_with("-wal") && !n.ends_with("-shm"))
        .collect();
    names.sort();
    names
}

#[test]
fn merging_two_pairs_keeps_every_entry_its_uid_both_ticks_and_both_notes() {
    let j = Journal::new();
    two_pairs_for_ben(&j);
    j.ok(&[
        "meeting",
        "add",
        "1",
        "--at",
        "2026-11-01 10:00",
        "first talk",
    ]);
    j.ok(&["note", "add", "1", "kept in the first"]);
    j.ok(&[
        "check",
        "1",
        "trust.agenda",
        "--note",
        "we said it on day one",
    ]);
    j.ok(&[
        "meeting",
        "add",
        "2",
        "--at",
        "2026-11-08 10:00",
        "second talk",
    ]);
    j.ok(&["note", "add", "2", "kept in the second"]);
    j.ok(&[
        "strength",
        "add",
        "2",
        "--whose",
        "mentee",
        "asks good questions",
    ]);
    j.ok(&["check", "2", "trust.agenda", "--note", "and again later"]);
    j.ok(&["check", "2", "trust.confidential"]);
    let meetings = [uids(&j, "1", "meetings"), uids(&j, "2", "meetings")].concat();
    let notes = [uids(&j, "1", "notes"), uids(&j, "2", "notes")].concat();
    let other_uid = j.pairs()[1]["uid"].as_str().unwrap().to_owned();

    let said = j.ok(&["pair", "merge", "1", "2"]);
    let copies = files_named(&j, "j.db.before-merge-");
    assert_eq!(copies.len(), 1, "one copy first: {copies:?}");
    assert!(said.contains(&copies[0]), "the copy is named: {said}");
    assert!(
        said.contains("Merged Ana Ruiz & Ben Okafor into Ana Ruiz & Ben Okafor"),
        "{said}"
    );

    let pairs = j.pairs();
    assert_eq!(pairs.len(), 1, "one pair now");
    // `ben` names one pair again.
    j.ok(&["list", "ben", "notes"]);
    let mut all_meetings = meetings.clone();
    all_meetings.sort();
    assert_eq!(uids(&j, "1", "meetings"), all_meetings);
    let mut all_notes = notes.clone();
    all_notes.sort();
    assert_eq!(uids(&j, "1", "notes"), all_notes);
    let checklist = array(j.json(&["checklist", "1", "--json"]));
    let item = |key: &str| checklist.iter().find(|i| i["key"] == key).unwrap().clone();
    let agenda = item("trust.agenda");
    assert_eq!(agenda["done"], true);
    let note = agenda["note"].as_str().unwrap();
    assert!(
        note.contains("we said it on day one") && note.contains("and again later"),
        "both notes kept: {note}"
    );
    assert_eq!(
        item("trust.confidential")["done"],
        true,
        "ticked on either side stays"
    );
    assert_eq!(checklist.len(), 12, "one checklist, not two");
    assert_eq!(
        j.count(&format!(
            "SELECT count(*) FROM pair_alias WHERE uid = '{other_uid}' AND pair_id = 1"
        )),
        1,
        "the other pair's uid is an alias now"
    );
    assert_eq!(
        j.count("SELECT count(*) FROM tombstone WHERE kind = 'pair'"),
        0,
        "no pair deletion to travel"
    );
}

#[test]
fn sealed_notes_and_check_ins_moved_by_a_merge_open_in_the_pair_they_land_in() {
    let j = Journal::new().without_terminal();
    two_pairs_for_ben(&j);
    let env = [("CANDOR_NEW_PASSPHRASE", "correct horse")];
    j.ok_with(&env, &["passphrase", "set"]);
    j.ok(&[
        "note",
        "add",
        "2",
        "--private",
        "only for me, in the second",
    ]);
    j.ok(&[
        "checkin",
        "add",
        "2",
        "--trust",
        "4",
        "--helped",
        "being listened to",
    ]);
    let bytes = fs::read(j.path("j.db")).unwrap();

    // Locked, with no way to ask: refused, nothing changed.
    let err = j.fails(&["pair", "merge", "1", "2"]);
    assert!(err.contains("CANDOR_PASSPHRASE"), "{err}");
    assert_eq!(fs::read(j.path("j.db")).unwrap(), bytes);
    assert_eq!(j.pairs().len(), 2);

    let with = [("CANDOR_PASSPHRASE", "correct horse")];
    j.ok_with(&with, &["pair", "merge", "1", "2"]);
    let notes = j.ok_with(&with, &["list", "1", "notes", "--private"]);
    assert!(notes.contains("only for me, in the second"), "{notes}");
    assert!(!notes.contains("damaged"), "{notes}");
    let checkins = j.ok_with(&with, &["list", "1", "checkins"]);
    assert!(checkins.contains("being listened to"), "{checkins}");
}

#[test]
fn a_merge_that_would_swap_the_names_or_names_one_pair_twice_changes_nothing() {
    let j = Journal::new();
    j.ok(&[
        "pair",
        "add",
        "--mentor",
        "Ana Ruiz",
        "--mentee",
        "Ben Okafor",
    ]);
    j.ok(&[
        "pair",
        "add",
        "--mentor",
        "Ana Ruiz",
        "--mentee",
        "Ben Okafor",
        "--role",
        "mentee",
    ]);
    let bytes = fs::read(j.path("j.db")).unwrap();
    let err = j.fails(&["pair", "merge", "1", "2"]);
    assert!(err.contains("swap the two names"), "{err}");
    let err = j.fails(&["pair", "merge", "1", "1"]);
    assert!(err.contains("same pair twice"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert_eq!(fs::read(j.path("j.db")).unwrap(), bytes);
    assert!(
        files_named(&j, "before-merge").is_empty(),
        "no copy for a refusal"
    );
}

/// The mentor's journal and the mentee's, each with its own pair for the
/// same relationship, and some entries on each side.
fn two_journals() -> (Journal, Journal) {
    let mentor = Journal::new().without_terminal();
    mentor.ok(&[
        "pair",
        "add",
        "--mentor",
        "Ana Ruiz",
        "--mentee",
        "Ben Okafor",
    ]);
    mentor.ok(&[
        "meeting",
        "add",
        "1",
        "--at",
        "2026-11-01 10:00",
        "first talk",
    ]);
    mentor.ok(&["check", "1", "trust.agenda", "--note", "said on day one"]);
    let mentee = Journal::new().without_terminal();
    mentee.ok(&[
        "pair",
        "add",
        "--mentor",
        "ana  RUIZ",
        "--mentee",
        "ben okafor",
        "--role",
        "mentee",
    ]);
    mentee.ok(&["note", "add", "1", "what I want from this"]);
    mentee.ok(&["check", "1", "trust.confidential"]);
    (mentor, mentee)
}

fn export(j: &Journal, name: &str) -> String {
    let file = j.path(name);
    j.ok(&[
        "export",
        "--all",
        "--format",
        "json",
        "-o",
        file.to_str().unwrap(),
        "--force",
    ]);
    file.to_str().unwrap().to_owned()
}

#[test]
fn a_partners_export_merges_into_your_pair_once_linked_and_every_later_export_lands_there_both_ways()
 {
    let (mentor, mentee) = two_journals();
    let file = export(&mentor, "from-ana.json");
    let bytes = fs::read(mentee.path("j.db")).unwrap();

    // Not linked yet, the same two people: without a terminal, both ways out are named.
    let err = mentee.fails(&["import", &file]);
    assert!(
        err.contains("--into 1")
            && err.contains("--as-new")
            && err.contains("nothing was imported"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert_eq!(fs::read(mentee.path("j.db")).unwrap(), bytes);

    // A dry run with --into says what would come, and links nothing yet.
    let plan = mentee.ok(&["import", &file, "--into", "1", "--dry-run"]);
    assert!(plan.contains("Would add"), "{plan}");
    assert_eq!(mentee.count("SELECT count(*) FROM pair_alias"), 0);

    mentee.ok(&["import", &file, "--into", "1"]);
    assert_eq!(mentee.pairs().len(), 1, "one pair, not two");
    assert_eq!(
        array(mentee.json(&["list", "1", "meetings", "--json"])).len(),
        1
    );
    let checklist = array(mentee.json(&["checklist", "1", "--json"]));
    assert_eq!(checklist.len(), 12, "the two checklists met by key");
    let item = |key: &str| checklist.iter().find(|i| i["key"] == key).unwrap().clone();
    assert_eq!(item("trust.agenda")["done"], true);
    assert_eq!(item("trust.agenda")["note"], "said on day one");
    assert_eq!(
        item("trust.confidential")["done"],
        true,
        "a tick here stays"
    );
    // `ben` still names one pair.
    mentee.ok(&["list", "ben", "meetings"]);
    let me = &mentee.pairs()[0];
    assert_eq!(me["my_role"], "mentee", "the names did not swap");
    assert_eq!(
        me["mentor_name"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>(),
        ["ana", "ruiz"]
    );

    // Later exports from Ana land in the same pair without asking.
    mentor.ok(&[
        "meeting",
        "add",
        "1",
        "--at",
        "2026-11-15 10:00",
        "second talk",
    ]);
    let file = export(&mentor, "from-ana-2.json");
    mentee.ok(&["import", &file]);
    assert_eq!(mentee.pairs().len(), 1);
    assert_eq!(
        array(mentee.json(&["list", "1", "meetings", "--json"])).len(),
        2
    );

    // And Ben's export lands in Ana's pair: it carries her uid as an alias.
    let back = export(&mentee, "from-ben.json");
    let said = mentor.ok(&["import", &back]);
    assert!(said.contains("Imported"), "{said}");
    assert_eq!(mentor.pairs().len(), 1, "one pair on her side too");
    let notes = mentor.ok(&["list", "1", "notes"]);
    assert!(notes.contains("what I want from this"), "{notes}");
    assert_eq!(
        array(mentor.json(&["checklist", "1", "--json"])).len(),
        12,
        "her checklist met his by key"
    );
}

#[test]
fn as_new_keeps_the_pair_apart_and_the_same_role_on_both_sides_is_refused() {
    let (mentor, mentee) = two_journals();
    let file = export(&mentor, "from-ana.json");
    mentee.ok(&["import", &file, "--as-new"]);
    assert_eq!(mentee.pairs().len(), 2);

    // Ana's export merged into a pair where you are the mentor too would swap the names.
    let other = Journal::new().without_terminal();
    other.ok(&[
        "pair",
        "add",
        "--mentor",
        "Ana Ruiz",
        "--mentee",
        "Ben Okafor",
    ]);
    let bytes = fs::read(other.path("j.db")).unwrap();
    let err = other.fails(&["import", &file, "--into", "1"]);
    assert!(err.contains("swap the two names"), "{err}");
    assert_eq!(fs::read(other.path("j.db")).unwrap(), bytes);
}
