//! The real `candor` binary on a temp journal, run the same way by every CLI
//! test file: a temp folder holding the journal `j.db` and the config folder
//! `cfg`, a fixed clock, and none of the caller's `$CANDOR_DB`, `$EDITOR` or
//! passphrase. What a file needs beyond that (no terminal, more environment,
//! the journal named by `$CANDOR_DB`, another clock) it asks for when it
//! makes its [`Journal`]; what one run needs (a passphrase, an `$EDITOR`,
//! standard input) it passes to that run.
//!
//! Checks each run with `outcome`, its sibling module: in `support` here, and
//! beside this one at the root of a test binary that includes it by `#[path]`.

use std::ffi::{OsStr, OsString};
use std::fmt::Display;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;
use rusqlite::Connection;
use serde_json::Value;
use tempfile::TempDir;

use super::outcome::{failed, succeeded};

/// The clock every run reads unless told otherwise (`CANDOR_NOW`).
pub const NOW: &str = "2026-11-27T10:00:00Z";
pub const BIN: &str = env!("CARGO_BIN_EXE_candor");

/// A temp folder holding the journal `j.db` and the config folder `cfg`,
/// and how the binary is run on them.
pub struct Journal {
    pub dir: TempDir,
    pub db: PathBuf,
    /// What `CANDOR_NOW` says.
    pub now: &'static str,
    /// Name the journal by `$CANDOR_DB` instead of `--db`.
    pub by_env: bool,
    /// Run in a new session (`setsid -w`): there is never a terminal to ask
    /// on, so a command that would wait for one fails (within a minute)
    /// instead of hanging.
    pub setsid: bool,
    /// More environment for every run: set to `Some`, or removed.
    pub env: Vec<(&'static str, Option<OsString>)>,
}

impl Journal {
    pub fn new() -> Self {
        Self::at(NOW)
    }

    /// A journal whose clock reads `now`.
    pub fn at(now: &'static str) -> Self {
        let dir = TempDir::new().unwrap();
        let db = dir.path().join("j.db");
        Self {
            dir,
            db,
            now,
            by_env: false,
            setsid: false,
            env: Vec::new(),
        }
    }

    /// Every run goes through `setsid -w`, with a time limit.
    pub fn without_terminal(mut self) -> Self {
        self.setsid = true;
        self
    }

    /// The binary finds the journal through `$CANDOR_DB`.
    pub fn named_by_env(mut self) -> Self {
        self.by_env = true;
        self
    }

    /// Every run has `key` set to `value`.
    pub fn env(mut self, key: &'static str, value: impl AsRef<OsStr>) -> Self {
        self.env.push((key, Some(value.as_ref().to_owned())));
        self
    }

    /// Every run goes without `key`.
    pub fn env_remove(mut self, key: &'static str) -> Self {
        self.env.push((key, None));
        self
    }

    /// The journal file made, empty, by the library: a command that only
    /// reads creates none, and no command makes one without adding to it.
    pub fn created(self) -> Self {
        let clock = candor::clock::FixedClock::parse(self.now).unwrap();
        drop(candor::store::Store::open(&self.db, std::sync::Arc::new(clock)).unwrap());
        self
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The binary with the test environment, naming no journal.
    pub fn bare(&self) -> Command {
        let mut cmd = if self.setsid {
            let mut cmd = Command::new("setsid");
            cmd.arg("-w").arg(BIN).timeout(Duration::from_secs(60));
            cmd
        } else {
            Command::new(BIN)
        };
        cmd.env("CANDOR_CONFIG_DIR", self.path("cfg"))
            .env("CANDOR_NOW", self.now)
            .env_remove("CANDOR_DB")
            .env_remove("EDITOR")
            .env_remove("CANDOR_PASSPHRASE");
        for (key, value) in &self.env {
            match value {
                Some(value) => cmd.env(key, value),
                None => cmd.env_remove(key),
            };
        }
        cmd
    }

    /// The binary on the journal at `db`.
    pub fn on(&self, db: &Path) -> Command {
        let mut cmd = self.bare();
        if self.by_env {
            cmd.env("CANDOR_DB", db);
        } else {
            cmd.arg("--db").arg(db);
        }
        cmd
    }

    /// The binary on this journal.
    pub fn cmd(&self) -> Command {
        self.on(&self.db)
    }

    /// Runs `args` with `env` on top and `stdin` (if any) on standard input.
    pub fn run_with(&self, env: &[(&str, &str)], args: &[&str], stdin: Option<&[u8]>) -> Output {
        let mut cmd = self.cmd();
        cmd.args(args).envs(env.iter().copied());
        if let Some(stdin) = stdin {
            cmd.write_stdin(stdin.to_vec());
        }
        cmd.output().unwrap()
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.run_with(&[], args, None)
    }

    /// Runs a command that must succeed; returns its standard output.
    #[track_caller]
    pub fn ok(&self, args: &[&str]) -> String {
        self.ok_with(&[], args)
    }

    #[track_caller]
    pub fn ok_with(&self, env: &[(&str, &str)], args: &[&str]) -> String {
        succeeded(&self.run_with(env, args, None), args)
    }

    /// [`Journal::ok`] with `stdin` on standard input.
    #[track_caller]
    pub fn ok_in(&self, args: &[&str], stdin: impl AsRef<[u8]>) -> String {
        self.ok_in_with(&[], args, stdin)
    }

    #[track_caller]
    pub fn ok_in_with(
        &self,
        env: &[(&str, &str)],
        args: &[&str],
        stdin: impl AsRef<[u8]>,
    ) -> String {
        succeeded(&self.run_with(env, args, Some(stdin.as_ref())), args)
    }

    /// Runs a command that must fail; returns its one-line error.
    #[track_caller]
    pub fn fails(&self, args: &[&str]) -> String {
        self.fails_with(&[], args)
    }

    #[track_caller]
    pub fn fails_with(&self, env: &[(&str, &str)], args: &[&str]) -> String {
        failed(&self.run_with(env, args, None), args)
    }

    /// Runs a command that must succeed and print JSON.
    #[track_caller]
    pub fn json(&self, args: &[&str]) -> Value {
        self.json_with(&[], args)
    }

    #[track_caller]
    pub fn json_with(&self, env: &[(&str, &str)], args: &[&str]) -> Value {
        let out = self.ok_with(env, args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}):\n{out}"))
    }

    /// `pair list --json`.
    #[track_caller]
    pub fn pairs(&self) -> Vec<Value> {
        array(self.json(&["pair", "list", "--json"]))
    }

    pub fn conn(&self) -> Connection {
        Connection::open(&self.db).unwrap()
    }

    /// The one number `sql` selects.
    pub fn count(&self, sql: &str) -> i64 {
        self.conn().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// Writes an executable shell script into the temp folder.
    pub fn script(&self, name: &str, body: &str) -> PathBuf {
        let path = self.path(name);
        fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    /// An `$EDITOR` that leaves a marker file behind and writes "typed in the editor".
    pub fn marker_editor(&self) -> (String, PathBuf) {
        let marker = self.path("editor-ran");
        let script = self.script(
            "marker-editor.sh",
            &format!(
                "touch '{}'\nfor last; do :; done\necho 'typed in the editor' > \"$last\"",
                marker.display()
            ),
        );
        (script.display().to_string(), marker)
    }
}

/// The items of a top-level JSON array: owned from `array(v)`, borrowed
/// from `array(&v)`.
#[track_caller]
pub fn array<V: JsonArray + Display>(v: V) -> V::Items {
    v.items()
        .unwrap_or_else(|v| panic!("not a top-level array: {v}"))
}

pub trait JsonArray: Sized {
    type Items;
    fn items(self) -> Result<Self::Items, Self>;
}

impl JsonArray for Value {
    type Items = Vec<Value>;
    fn items(self) -> Result<Vec<Value>, Value> {
        match self {
            Value::Array(items) => Ok(items),
            other => Err(other),
        }
    }
}

impl<'a> JsonArray for &'a Value {
    type Items = &'a Vec<Value>;
    fn items(self) -> Result<&'a Vec<Value>, Self> {
        self.as_array().ok_or(self)
    }
}

/// The first number in a command's message, such as the 3 of "Added note 3 to Ben."
/// or the 1 of "Added pair 1: …".
#[track_caller]
pub fn id_in(out: &str) -> i64 {
    let digits: String = out
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("no id in {out:?}"))
}

/// The `id`s of listed items, in order.
pub fn ids(items: &[Value]) -> Vec<i64> {
    items.iter().map(|i| i["id"].as_i64().unwrap()).collect()
}

pub fn read_json(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// A file's permission bits, setuid, setgid and sticky included.
pub fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// `path` with `suffix` added, such as the journal's `-wal`.
pub fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
