//! `candor completions SHELL` and `candor man`: what a shell and `man` need
//! to know about candor, made from the same clap definitions as the parser.

use std::io::Write;

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_mangen::Man;

use super::Cli;

/// Writes the completion script for `shell`.
pub(super) fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> Result<()> {
    clap_complete::generate(shell, &mut Cli::command(), "candor", out);
    Ok(())
}

/// The flags every command takes, said once at the top of the page.
const GLOBAL: [&str; 3] = ["db", "recovery", "help"];

/// The environment candor reads, for the page's ENVIRONMENT section.
const ENVIRONMENT: [(&str, &str); 9] = [
    ("CANDOR_DB", "The journal file, when --db is not given."),
    (
        "CANDOR_CONFIG_DIR",
        "Where keymap.toml and templates/first-meeting.toml are read from.",
    ),
    (
        "CANDOR_PASSPHRASE",
        "The passphrase (with --recovery, the recovery code), for scripts.",
    ),
    (
        "CANDOR_NEW_PASSPHRASE",
        "The new passphrase for passphrase set and passphrase change.",
    ),
    (
        "CANDOR_LOCK_AFTER_SECS",
        "Idle seconds after which the journal screen locks private notes (300).",
    ),
    (
        "CANDOR_AUTOSAVE_SECS",
        "Idle seconds after which text being edited is kept as a draft (3).",
    ),
    (
        "CANDOR_NOW",
        "A fixed time (RFC 3339) to run at, shown in UTC; for tests.",
    ),
    ("EDITOR", "The editor for text that is not private."),
    ("NO_COLOR", "Any value: no colours on the journal screen."),
];

/// Writes the manual page, in roff: one page with every command, each
/// with its synopsis, what it does and its options.
pub(super) fn man(out: &mut dyn Write) -> Result<()> {
    let mut cmd = Cli::command();
    cmd.build();
    let top = Man::new(cmd.clone());
    let mut page = String::new();
    page.push_str(&roff(|w| top.render_title(w), true, false)?);
    for part in [
        Man::render_name_section,
        Man::render_synopsis_section,
        Man::render_description_section,
        Man::render_options_section,
    ] {
        page.push_str(&roff(|w| part(&top, w), false, false)?);
    }
    page.push_str(".SH COMMANDS\n");
    for leaf in leaves(&cmd) {
        let name = leaf.get_bin_name().unwrap_or_else(|| leaf.get_name());
        page.push_str(&format!(".SS \"{}\"\n", name.replace('-', "\\-")));
        let mut leaf = leaf.clone();
        for id in GLOBAL {
            if leaf.get_arguments().any(|a| a.get_id() == id) {
                leaf = leaf.mut_arg(id, |a| a.hide(true));
            }
        }
        let man = Man::new(leaf);
        page.push_str(&roff(|w| man.render_synopsis_section(w), false, true)?);
        page.push_str(".PP\n");
        page.push_str(&roff(|w| man.render_description_section(w), false, true)?);
        page.push_str(&roff(|w| man.render_options_section(w), false, true)?);
    }
    page.push_str(".SH ENVIRONMENT\n");
    for (name, what) in ENVIRONMENT {
        page.push_str(&format!(
            ".TP\n\\fB{name}\\fR\n{}\n",
            what.replace('-', "\\-")
        ));
    }
    page.push_str(&roff(|w| top.render_version_section(w), false, false)?);
    out.write_all(page.as_bytes())
        .context("cannot write the manual page")
}

/// Every command that runs something (not a group of commands), in the
/// order of `candor --help`.
fn leaves(cmd: &clap::Command) -> Vec<&clap::Command> {
    let mut found = Vec::new();
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        if sub.has_subcommands() {
            found.extend(leaves(sub));
        } else {
            found.push(sub);
        }
    }
    found
}

/// What `render` writes, as text: the preamble clap_mangen repeats in each
/// part kept only when `preamble`, and the part's `.SH` heading dropped when
/// `untitled` (it goes under a command's `.SS` instead).
fn roff(
    render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    preamble: bool,
    untitled: bool,
) -> Result<String> {
    let mut buf = Vec::new();
    render(&mut buf).context("cannot make the manual page")?;
    let text = String::from_utf8(buf).context("the manual page is not UTF-8")?;
    Ok(text
        .lines()
        .filter(|l| preamble || !(l.starts_with(".ie \\n(.g") || l.starts_with(".el .ds Aq")))
        .filter(|l| !(untitled && l.starts_with(".SH ")))
        .map(|l| format!("{l}\n"))
        .collect())
}
