//! How a run of the binary ended, checked the same way by every CLI test:
//! success with nothing on stderr, or failure as one safe line on stderr.

use std::process::Output;

#[track_caller]
pub fn succeeded(out: &Output, args: &[&str]) -> String {
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{args:?} failed with {:?}: {stderr}",
        out.status.code()
    );
    assert!(stderr.is_empty(), "{args:?} wrote to stderr: {stderr}");
    stdout
}

/// A failure: non-zero exit, nothing on stdout, one line on stderr that
/// starts with `candor: `. Returns the line without its prefix.
#[track_caller]
pub fn failed(out: &Output, args: &[&str]) -> String {
    let stderr = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(
        !out.status.success(),
        "{args:?} succeeded, but should have failed; stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        out.status.code().is_some_and(|c| c != 0),
        "{args:?} ended without an exit code: {:?}",
        out.status
    );
    assert!(
        out.stdout.is_empty(),
        "{args:?} failed but wrote to stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        stderr.starts_with("candor: "),
        "{args:?}: stderr does not start with 'candor: ': {stderr:?}"
    );
    assert!(
        stderr.ends_with('\n') && stderr.matches('\n').count() == 1,
        "{args:?}: stderr is not one line: {stderr:?}"
    );
    assert_terminal_safe(&stderr);
    stderr["candor: ".len()..].trim_end().to_owned()
}

/// Human output must carry no escape, control (but newline), C1 or bidi character.
#[track_caller]
pub fn assert_terminal_safe(s: &str) {
    for (i, c) in s.char_indices() {
        let bad = (c.is_control() && c != '\n')
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c);
        assert!(
            !bad,
            "U+{:04X} at byte {i} in output:\n{}",
            c as u32,
            s.escape_debug()
        );
    }
}
