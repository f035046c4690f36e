//! The keymap's unit tests.

use crossterm::event::{KeyCode, KeyModifiers};

use super::*;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn built_in_keymap_parses() {
    assert!(Keymap::built_in().bindings().len() > 20);
}

#[test]
fn specific_mode_wins_over_browse() {
    let map = Keymap::built_in();
    let modes = [Mode::FirstMeeting, Mode::Browse];
    assert_eq!(
        map.resolve(&modes, key(KeyCode::Char(' '))),
        Some(Action::Toggle)
    );
    assert_eq!(
        map.resolve(&modes, key(KeyCode::Char('q'))),
        Some(Action::Quit)
    );
    assert_eq!(
        map.resolve(&[Mode::Pairs, Mode::Browse], key(KeyCode::Char(' '))),
        None
    );
}

#[test]
fn shifted_letters_and_ctrl_keys_resolve() {
    let map = Keymap::built_in();
    let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(map.resolve(&[Mode::Browse], shifted), Some(Action::Bottom));
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(map.resolve(&[Mode::Browse], ctrl_c), Some(Action::Quit));
}

#[test]
fn a_bad_key_is_reported_with_the_file() {
    let text = "[[bind]]\nmode = \"browse\"\non = [\"ctrl-\"]\nrun = \"quit\"\n";
    let err = Keymap::parse(text, Path::new("/c/keymap.toml")).expect_err("bad key");
    assert!(err.to_string().contains("/c/keymap.toml"), "{err}");
    let text = "[[bind]]\nmode = \"browse\"\non = [\"x\"]\nrun = \"explode\"\n";
    let err = Keymap::parse(text, Path::new("k.toml")).expect_err("bad action");
    assert!(err.to_string().contains("line"), "{err}");
}

fn ch(c: char) -> KeyEvent {
    key(KeyCode::Char(c))
}

fn user(text: &str) -> Result<Keymap, KeymapError> {
    Keymap::built_in().with_user(text, Path::new("/c/keymap.toml"))
}

#[test]
fn a_user_binding_of_a_default_key_wins() {
    let map = user("[[bind]]\nmode = \"browse\"\non = [\"x\"]\nrun = \"help\"\n").expect("valid");
    assert_eq!(map.resolve(&[Mode::Browse], ch('x')), Some(Action::Help));
    // The help screen lists x under help, and no longer under export.
    let x: Key = "x".parse().expect("a key");
    let holding: Vec<_> = map
        .bindings()
        .iter()
        .filter(|b| b.mode == Mode::Browse && b.keys.contains(&x))
        .map(|b| (b.action, b.desc.as_str()))
        .collect();
    assert_eq!(holding, [(Action::Help, "help")]);
    // Export has no key left in browse.
    assert!(
        !map.bindings()
            .iter()
            .any(|b| b.mode == Mode::Browse && b.action == Action::Export)
    );
    // An entry for an action still replaces that action's default keys.
    assert_eq!(map.resolve(&[Mode::Browse], ch('?')), None);
}

#[test]
fn defaults_in_modes_the_user_binding_does_not_cover_remain() {
    let map =
        user("[[bind]]\nmode = \"entries\"\non = [\"e\"]\nrun = \"page_down\"\n").expect("valid");
    assert_eq!(
        map.resolve(&[Mode::Entries, Mode::Tab, Mode::Browse], ch('e')),
        Some(Action::PageDown)
    );
    // The other keys of entries stay: only e was taken over there.
    assert_eq!(
        map.resolve(&[Mode::Entries], key(KeyCode::Enter)),
        Some(Action::Open)
    );
    // e keeps its default meaning everywhere else.
    for mode in [
        Mode::Pairs,
        Mode::FirstMeeting,
        Mode::Overview,
        Mode::Viewer,
    ] {
        assert_eq!(
            map.resolve(&[mode], ch('e')),
            Some(Action::Edit),
            "{mode:?}"
        );
    }
    // And a user key in one mode leaves a more specific mode's default alone.
    let map = user("[[bind]]\nmode = \"browse\"\non = [\"n\"]\nrun = \"help\"\n").expect("valid");
    assert_eq!(
        map.resolve(&[Mode::Pairs, Mode::Browse], ch('n')),
        Some(Action::New)
    );
    assert_eq!(map.resolve(&[Mode::Browse], ch('n')), Some(Action::Help));
}

#[test]
fn none_unbinds_the_key_in_the_modes_given() {
    let map = user("[[bind]]\nmode = [\"browse\", \"help\"]\non = [\"q\"]\nrun = \"none\"\n")
        .expect("valid");
    assert_eq!(map.resolve(&[Mode::Browse], ch('q')), None);
    assert_eq!(map.resolve(&[Mode::Help], ch('q')), None);
    // The other keys of those bindings, and q elsewhere, stay.
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(map.resolve(&[Mode::Browse], ctrl_c), Some(Action::Quit));
    assert_eq!(
        map.resolve(&[Mode::Help], key(KeyCode::Esc)),
        Some(Action::Cancel)
    );
    assert_eq!(map.resolve(&[Mode::Viewer], ch('q')), Some(Action::Cancel));
    // The help screen no longer shows q in those modes.
    let q: Key = "q".parse().expect("a key");
    assert!(
        !map.bindings()
            .iter()
            .any(|b| matches!(b.mode, Mode::Browse | Mode::Help) && b.keys.contains(&q))
    );
}

#[test]
fn a_user_binding_without_desc_or_hint_keeps_the_defaults() {
    let map =
        user("[[bind]]\nmode = \"browse\"\non = [\"ctrl-q\"]\nrun = \"quit\"\n").expect("valid");
    assert!(
        map.hints(&[Mode::Browse])
            .contains(&("ctrl-q".into(), "quit".into()))
    );
    let quit: Vec<_> = map
        .bindings()
        .iter()
        .filter(|b| b.action == Action::Quit)
        .collect();
    assert_eq!(quit.len(), 1);
    assert_eq!(quit[0].keys, ["ctrl-q".parse::<Key>().expect("a key")]);
    // In the default's place on the help screen: first.
    assert_eq!(map.bindings()[0].action, Action::Quit);
    // An action with no default in that mode is named after itself.
    let map =
        user("[[bind]]\nmode = \"form\"\non = [\"ctrl-q\"]\nrun = \"page_up\"\n").expect("valid");
    let last = map.bindings().last().expect("bindings");
    assert_eq!(
        (last.action, last.desc.as_str(), last.hint),
        (Action::PageUp, "page up", false)
    );
}

fn error(text: &str) -> KeymapError {
    user(text).expect_err("the keymap is refused")
}

#[test]
fn an_unknown_action_is_an_error_with_file_and_line() {
    let e = error("# mine\n[[bind]]\nmode = \"browse\"\non = [\"x\"]\nrun = \"explode\"\n");
    assert_eq!(e.line, Some(5), "{e}");
    assert_eq!(
        e.to_string(),
        "the keymap /c/keymap.toml, line 5: 'explode' is not an action"
    );
}

#[test]
fn an_unknown_mode_is_an_error_with_file_and_line() {
    let e = error(
        "[[bind]]\nmode = \"browse\"\non = [\"x\"]\nrun = \"help\"\n\n[[bind]]\nmode = [\"pairs\", \"everywhere\"]\non = [\"y\"]\nrun = \"help\"\n",
    );
    assert_eq!(e.line, Some(7), "{e}");
    assert!(e.to_string().contains("/c/keymap.toml"), "{e}");
    assert!(e.message.contains("'everywhere' is not a mode"), "{e}");
}

#[test]
fn one_key_bound_twice_in_one_mode_is_an_error_with_the_line() {
    let e = error(
        "[[bind]]\nmode = \"browse\"\non = [\"x\"]\nrun = \"help\"\n\n[[bind]]\nmode = [\"pairs\", \"browse\"]\non = [\"y\", \"x\"]\nrun = \"none\"\n",
    );
    assert_eq!(e.line, Some(8), "{e}");
    assert!(e.to_string().contains("/c/keymap.toml"), "{e}");
    assert!(
        e.message
            .contains("'x' is bound twice in mode 'browse' (first on line 3)"),
        "{e}"
    );
    // The same key in two modes is no clash.
    user("[[bind]]\nmode = \"browse\"\non = [\"x\"]\nrun = \"help\"\n\n[[bind]]\nmode = \"pairs\"\non = [\"x\"]\nrun = \"none\"\n").expect("valid");
}

#[test]
fn other_mistakes_name_the_line_too() {
    assert_eq!(
        error("[[bind]]\nmode = \"browse\"\non = [\"ctrl-\"]\nrun = \"quit\"\n").line,
        Some(3)
    );
    assert_eq!(
        error("[[bind]]\nmode = []\non = [\"x\"]\nrun = \"quit\"\n").line,
        Some(2)
    );
    assert_eq!(
        error("[[bind]]\nmode = \"browse\"\non = [\"x\"]\nrun = \"quit\"\nwhen = 1\n").line,
        Some(5)
    );
    assert_eq!(
        error("\n[[bind]]\nmode = \"browse\"\non = \"x\"\nrun = \"quit\"\n").line,
        Some(4)
    );
}

#[test]
fn a_missing_file_is_the_defaults_and_a_bad_one_an_error() {
    let tmp = tempfile::tempdir().expect("a folder");
    let dir = tmp.path();
    assert_eq!(
        Keymap::load(Some(dir)).expect("no file"),
        Keymap::built_in()
    );
    std::fs::write(
        dir.join("keymap.toml"),
        "[[bind]]\nmode = \"browse\"\non = [\"x\"]\nrun = \"nope\"\n",
    )
    .expect("written");
    let e = Keymap::load(Some(dir)).expect_err("refused");
    assert_eq!(e.path, dir.join("keymap.toml"));
    assert_eq!(e.line, Some(4));
}

#[test]
fn the_readme_example_does_what_it_says() {
    let readme = include_str!("../../README.md");
    let start = readme.find("```toml\n").expect("a toml block") + "```toml\n".len();
    let text = &readme[start..];
    let text = &text[..text.find("```").expect("its end")];
    let map = user(text).expect("the example is valid");
    assert_eq!(map.resolve(&[Mode::Browse], ch('x')), Some(Action::Help));
    assert_eq!(map.resolve(&[Mode::Browse], ch('?')), None);
    assert_eq!(map.resolve(&[Mode::Browse], ch('q')), None);
    assert_eq!(map.resolve(&[Mode::Help], ch('q')), None);
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(map.resolve(&[Mode::Browse], ctrl_c), Some(Action::Quit));
}

#[test]
fn a_keymap_that_leaves_no_key_to_quit_or_binds_no_key_is_refused() {
    let path = Path::new("/home/ana/.config/candor/keymap.toml");
    let none = "[[bind]]\nmode = \"browse\"\non = [\"q\", \"ctrl-c\"]\nrun = \"none\"\n";
    let e = Keymap::built_in()
        .with_user(none, path)
        .expect_err("no key quits");
    assert!(e.to_string().contains("leaves no key that quits"), "{e}");
    let empty = "[[bind]]\nmode = \"browse\"\non = []\nrun = \"quit\"\n";
    let e = Keymap::built_in()
        .with_user(empty, path)
        .expect_err("no key");
    assert_eq!(e.line, Some(4), "{e}");
    assert!(e.to_string().contains("names no key"), "{e}");
    // Quitting on another key is fine.
    let z = "[[bind]]\nmode = \"browse\"\non = [\"z\"]\nrun = \"quit\"\n";
    assert!(Keymap::built_in().with_user(z, path).is_ok());
}
