//! The real `candor` binary and hostile file names and texts: nothing a
//! terminal would act on reaches standard output or standard error, a JSON
//! file holds JSON's own escapes where standard output does, and an escape
//! that never ends loses only itself.

#![allow(clippy::unwrap_used)]

use crate::support::cli::{Journal, array};
use crate::support::outcome::assert_terminal_safe;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use rstest::rstest;

/// No byte a terminal would act on: no ESC, no BEL, and as text no other
/// control (but newline), no C1 (U+0080–U+009F) and no bidi control.
#[track_caller]
fn assert_no_payload(what: &str, bytes: &[u8]) {
    assert!(
        !bytes.iter().any(|&b| b == 0x1b || b == 0x07),
        "{what}: ESC or BEL in {:?}",
        String::from_utf8_lossy(bytes)
    );
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{what}: not UTF-8: {e}"));
    assert_terminal_safe(text);
}

/// Both streams of a run carry no payload; returns standard output and
/// standard error as text.
#[track_caller]
fn clean_run(args: &str, out: &Output) -> (String, String) {
    assert_no_payload(&format!("{args}: stdout"), &out.stdout);
    assert_no_payload(&format!("{args}: stderr"), &out.stderr);
    (
        String::from_utf8(out.stdout.clone()).unwrap(),
        String::from_utf8(out.stderr.clone()).unwrap(),
    )
}

/// Runs `args` on the journal at `db`; both streams must be clean.
#[track_caller]
fn run(j: &Journal, db: &Path, args: &[&str]) -> (bool, String, String) {
    let out = j.on(db).args(args).output().unwrap();
    let (stdout, stderr) = clean_run(&args.join(" "), &out);
    (out.status.success(), stdout, stderr)
}

/// Runs `args`, which must succeed with clean output naming `visible`.
#[track_caller]
fn said(j: &Journal, db: &Path, args: &[&str], visible: &str) -> String {
    let (ok, stdout, stderr) = run(j, db, args);
    assert!(ok, "{args:?} failed: {stderr}");
    assert!(stderr.is_empty(), "{args:?} wrote to stderr: {stderr}");
    assert!(
        stdout.contains(visible),
        "{args:?}: the path's visible text {visible:?} is not shown: {stdout}"
    );
    stdout
}

/// Runs `args`, which must fail with one clean line naming `visible`.
#[track_caller]
fn refused(j: &Journal, db: &Path, args: &[&str], visible: &str) -> String {
    let (ok, stdout, stderr) = run(j, db, args);
    assert!(!ok, "{args:?} succeeded: {stdout}");
    assert!(stdout.is_empty(), "{args:?} failed but wrote {stdout}");
    assert_eq!(stderr.matches('\n').count(), 1, "{stderr}");
    assert!(
        stderr.contains(visible),
        "{args:?}: the path's visible text {visible:?} is not shown: {stderr}"
    );
    stderr
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Files in the journal's folder whose name starts with `prefix`.
fn files_starting(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .collect();
    found.sort();
    found
}

/// Every command that names a file says so without handing the terminal
/// the control sequences in its name: export -o, backup, import, restore,
/// the copy a merge keeps, and the errors that name a file.
#[rstest]
#[case::osc_title("\u{1b}]0;pwned\u{7}\u{1b}[2J")]
#[case::osc_52_clipboard("\u{1b}]52;c;cm0gLXJmIH4K\u{7}")]
// No slash: it would make the name a folder.
#[case::osc_8_link("\u{1b}]8;;https:evil.example\u{1b}\\")]
#[case::csi_clear_and_move("\u{1b}[2J\u{1b}[H\u{1b}[10;10H")]
#[case::c1("\u{9b}2J\u{9d}0;t\u{9c}\u{85}\u{90}q\u{9c}")]
#[case::bidi("\u{202e}nosj\u{2066}\u{2069}\u{202a}")]
#[case::unended_osc("\u{1b}]0;no end")]
fn paths_with_control_sequences_never_reach_the_terminal(#[case] payload: &str) {
    let j = Journal::new();
    let dir = j.dir.path();
    let db = dir.join(format!("jour{payload}nal.db"));
    said(
        &j,
        &db,
        &["pair", "add", "--mentor", "Ann", "--mentee", "Ben"],
        "Added pair 1",
    );
    said(
        &j,
        &db,
        &["pair", "add", "--mentor", "Ann", "--mentee", "Ben"],
        "Added pair 2",
    );
    said(&j, &db, &["note", "add", "1", "a note"], "Added note");

    let export = dir.join(format!("ex{payload}port.json"));
    said(
        &j,
        &db,
        &["export", "1", "--format", "json", "-o", s(&export)],
        "Wrote ",
    );
    assert!(export.exists());
    refused(
        &j,
        &db,
        &["export", "1", "--format", "json", "-o", s(&export)],
        "port.json exists already",
    );
    let md = dir.join(format!("ex{payload}port.md"));
    said(
        &j,
        &db,
        &["export", "1", "--format", "md", "-o", s(&md)],
        "port.md: ",
    );

    let backup = dir.join(format!("back{payload}up.db"));
    said(&j, &db, &["backup", s(&backup)], "up.db (checked)");
    refused(&j, &db, &["backup", s(&backup)], "up.db exists already");

    said(&j, &db, &["import", s(&export)], "port.json");
    said(&j, &db, &["import", "--dry-run", s(&export)], "port.json");
    let missing = dir.join(format!("mis{payload}sing.json"));
    refused(&j, &db, &["import", s(&missing)], "sing.json");

    let merged = said(&j, &db, &["pair", "merge", "1", "2"], "Kept a copy");
    assert_eq!(
        files_starting(dir, "jour").len(),
        2,
        "the journal and its copy"
    );
    assert!(merged.contains("nal.db.before-merge-"), "{merged}");

    let restored = said(&j, &db, &["restore", s(&backup)], "up.db;");
    assert!(restored.contains("nal.db.before-restore-"), "{restored}");
    said(&j, &db, &["pair", "list"], "Ann");
    said(&j, &db, &["doctor"], "nal.db is 0600");
}

/// The C1, DEL and bidi characters that standard output writes as `\u`
/// escapes are written the same way in a file, and read back whole.
#[test]
fn a_json_file_escapes_c1_del_and_bidi_as_stdout_does_and_imports_back() {
    let body =
        "c1 \u{85}\u{9b}2J del \u{7f} bidi \u{202e}txt\u{2066}x\u{2069} esc \u{1b}]0;t\u{7} 李 🚀";
    let j = Journal::new();
    j.ok(&["pair", "add", "--mentor", "Ann", "--mentee", "Ben"]);
    j.ok(&["note", "add", "Ben", body]);
    let file = j.path("out.json");
    j.ok(&["export", "Ben", "--format", "json", "-o", s(&file)]);
    let written = fs::read(&file).unwrap();
    assert_no_payload("the JSON file", &written);
    let written = String::from_utf8(written).unwrap();
    for escape in [
        "\\u0085", "\\u009b", "\\u007f", "\\u202e", "\\u2066", "\\u2069", "\\u001b", "\\u0007",
    ] {
        assert!(written.contains(escape), "no {escape} in {written}");
    }
    assert!(written.contains("李 🚀"), "the rest is kept as it is");
    let stdout = j.ok(&["export", "Ben", "--format", "json"]);
    assert_eq!(written, stdout, "the file holds what standard output shows");

    let other = Journal::new();
    other.ok(&["import", s(&file)]);
    let notes = array(other.json(&["list", "Ben", "notes", "--json"]));
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["body"], body, "the text comes back exactly");
}

/// An escape that never ends loses only itself: the rest of the message
/// is shown, not cut at the ESC.
#[test]
fn an_unended_escape_in_a_tag_shows_the_rest_of_the_error() {
    let j = Journal::new();
    j.ok(&["pair", "add", "--mentor", "Ann", "--mentee", "Ben"]);
    let err = j.fails(&["note", "add", "Ben", "--tag", "tp28\u{1b}]", "hello"]);
    assert_eq!(
        err,
        "'tp28]' is not a tag; use one of: words of up to 40 letters without control characters"
    );
    let err = j.fails(&["note", "add", "Ben", "--tag", "a\u{9d}b", "hello"]);
    assert!(err.starts_with("'ab' is not a tag; use one of:"), "{err}");
    let err = j.fails(&["note", "add", "Ben", "--tag", "\u{1b}]0;t\u{7}x\u{1}", "hi"]);
    assert!(err.starts_with("'x' is not a tag; use one of:"), "{err}");
}

/// `passphrase set` names the copies still holding private text in clear,
/// and those gone from where they were written, without the control
/// sequences in their names.
#[rstest]
#[case::osc_title("\u{1b}]0;pwned\u{7}\u{1b}[2J")]
#[case::c1_and_bidi("\u{9b}2J\u{9d}0;t\u{9c}\u{202e}")]
fn passphrase_set_names_hostile_copies_safely(#[case] payload: &str) {
    let j = Journal::new().without_terminal();
    let dir = j.dir.path();
    let db = dir.join(format!("jour{payload}nal.db"));
    said(
        &j,
        &db,
        &["pair", "add", "--mentor", "Ann", "--mentee", "Ben"],
        "Added pair 1",
    );
    said(
        &j,
        &db,
        &["note", "add", "Ben", "--private", "in clear"],
        "Added private note",
    );
    let kept = dir.join(format!("kept{payload}copy.db"));
    let moved = dir.join(format!("moved{payload}copy.db"));
    said(&j, &db, &["backup", s(&kept)], "copy.db (checked)");
    said(&j, &db, &["backup", s(&moved)], "copy.db (checked)");
    fs::rename(&moved, dir.join("elsewhere.db")).unwrap();
    let out = j
        .on(&db)
        .env("CANDOR_NEW_PASSPHRASE", "correct horse")
        .args(["passphrase", "set"])
        .output()
        .unwrap();
    let (stdout, stderr) = clean_run("passphrase set", &out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("Passphrase set."), "{stdout}");
    assert!(
        stdout.contains("keptcopy.db"),
        "the copy in clear is named: {stdout}"
    );
    assert!(
        stdout.contains("moved"),
        "the moved copy is named: {stdout}"
    );
}
