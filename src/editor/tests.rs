use super::words::split_command;
use super::*;

#[test]
fn the_scratch_folder_is_named_after_the_journal_and_guarded_like_its_side_files() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let journal = dir.path().join("j.db");
    let folder = scratch_folder(&journal).expect("a folder");
    assert_eq!(folder, dir.path().join("j.db.scratch"));
    std::fs::create_dir(&folder).expect("the folder");
    assert!(
        crate::export::check_destination(&folder, Some(&journal), &[], true).is_err(),
        "an export may not be written over the scratch folder"
    );
}

#[test]
fn only_names_candor_makes_carry_a_process_id() {
    assert_eq!(session_pid("1234-5f0c"), Some(1234));
    for name in ["1234", "1234-", "-1234", "x1234-a", "lock", "12a-b"] {
        assert_eq!(session_pid(name), None, "{name}");
    }
}

#[test]
fn a_sweep_keeps_this_process_and_locked_sessions_and_removes_the_rest() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let journal = dir.path().join("j.db");
    let scratch = Scratch::create(Some(&journal)).expect("a session");
    let folder = scratch_folder(&journal).expect("a folder");
    // A session of a process that is gone, whose lock a running process
    // (this one, standing in for one in another pid namespace) holds.
    let gone = u32::try_from(i32::MAX).expect("fits");
    let locked = folder.join(format!("{gone}-locked"));
    std::fs::create_dir(&locked).expect("a folder");
    let lock = std::fs::File::create(locked.join(LOCK_FILE)).expect("a lock");
    rustix::fs::flock(&lock, rustix::fs::FlockOperation::LockExclusive).expect("locked");
    let stale = folder.join(format!("{gone}-stale"));
    std::fs::create_dir(&stale).expect("a folder");
    std::fs::write(stale.join("entry.md"), "left").expect("a file");

    sweep_stale(&journal);
    assert!(scratch.dir.exists(), "this process's session was removed");
    assert!(locked.exists(), "a locked session was removed");
    assert!(!stale.exists(), "a dead process's session is left");

    drop(lock);
    sweep_stale(&journal);
    assert!(!locked.exists(), "an unlocked dead session is left");
    let session = scratch.dir.clone();
    drop(scratch);
    assert!(!session.exists() && !folder.exists(), "the session is left");
}

#[test]
fn an_editor_command_is_split_like_a_shell_would() {
    let split = |s| split_command(s).map_err(str::to_owned);
    let words = |w: &[&str]| Ok(w.iter().map(|&s| s.to_owned()).collect::<Vec<_>>());
    assert_eq!(split("vim"), words(&["vim"]));
    assert_eq!(split("  code  --wait "), words(&["code", "--wait"]));
    assert_eq!(
        split("'/Applications/My Editor/bin/edit' --wait"),
        words(&["/Applications/My Editor/bin/edit", "--wait"])
    );
    assert_eq!(
        split(r#""/opt/My \"Best\" Editor/edit" -n"#),
        words(&[r#"/opt/My "Best" Editor/edit"#, "-n"])
    );
    assert_eq!(
        split(r"/opt/My\ Editor/edit"),
        words(&["/opt/My Editor/edit"])
    );
    assert_eq!(split("emacs -nw ''"), words(&["emacs", "-nw", ""]));
    assert_eq!(split(""), words(&[]));
    assert!(split("'/opt/My Editor/edit --wait").is_err());
    assert!(split("\"/opt/edit").is_err());
}
