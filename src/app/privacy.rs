//! Locking and unlocking private notes in the journal: `U` asks for the
//! passphrase in a prompt that shows nothing of it, Enter derives the key on
//! another thread while a spinner turns, and a wrong one leaves the prompt
//! open and empty; `L` locks at once, and so does a stretch of no input.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::form::{Field, Form, FormKind, Name};
use super::{App, Confirm, Effect, Overlay, Question, Tab, sentence};
use crate::crypto::SecretKey;
use crate::domain::Noun;
use crate::store::{Opener, RepairKey, StoreError};

/// What an unlock thread hands back.
enum Opened {
    /// The key and the opened private notes (id, text).
    Key(SecretKey, Vec<(i64, String)>),
    /// The secret was right but the journal's public key was replaced: the
    /// key, checked against its own slot, ready to put the right one back.
    Replaced(RepairKey),
    /// Why not.
    Failed(StoreError),
}

/// An unlock running on another thread.
#[derive(Debug)]
pub(super) struct Unlocking {
    result: Receiver<Opened>,
    opener: Opener,
}

/// The idle lock: when input last came, and after how long to lock.
#[derive(Debug)]
pub(super) struct IdleLock {
    pub(super) after: Duration,
    pub(super) last_input: DateTime<Utc>,
}

impl App {
    /// `U`: the masked passphrase prompt, if there is anything to unlock.
    pub(super) fn open_unlock_form(&mut self) {
        self.after_unlock = None;
        match self.store.has_passphrase() {
            Ok(false) => return self.info("No passphrase is set; private notes are not locked."),
            Ok(true) if self.store.is_unlocked() => {
                return self.info("Private notes are unlocked already; L locks them.");
            }
            Ok(true) => {}
            Err(e) => return self.error(&e.to_string()),
        }
        self.state.overlay = Some(Overlay::Form(Box::new(unlock_form())));
    }

    /// The unlock prompt, asked for by `action`, which is done once the
    /// journal is unlocked (not if the prompt is cancelled).
    pub(super) fn unlock_then(&mut self, action: crate::action::Action) {
        self.open_unlock_form();
        if self.unlock_prompt_open() {
            self.after_unlock = Some(action);
        }
    }

    /// Enter on the unlock prompt: derive the key off the UI thread. The
    /// prompt stays open, its field emptied, until the answer is known.
    pub(super) fn start_unlock(&mut self, mut form: Box<Form>) {
        if self.unlocking.is_some() {
            self.state.overlay = Some(Overlay::Form(form));
            return self.info("Still unlocking…");
        }
        let opener = if form.choice(Name::Opener) == 1 {
            Opener::Recovery
        } else {
            Opener::Passphrase
        };
        // The one buffer that held the typing moves to the unlock thread and
        // is wiped there once the key is derived.
        let secret = form.take_secret().unwrap_or_default();
        let started = if secret.is_empty() {
            Err(format!("Type the {} first.", noun(opener)))
        } else if let Err(e) = crate::hardening::no_core_dumps() {
            // The passphrase may have been set by another candor since this
            // one started: private text is never opened where a core file could keep it.
            Err(format!(
                "Cannot turn core dumps off ({e}); private notes stay locked."
            ))
        } else {
            self.spawn_unlock(opener, secret)
        };
        match started {
            Ok(()) => {
                form.error = None;
                form.notes = vec![format!("Unlocking with the {}…", noun(opener))];
                self.state.busy = Some("Unlocking".into());
            }
            Err(message) => {
                form.error = Some(message.clone());
                self.error(&message);
            }
        }
        self.state.overlay = Some(Overlay::Form(form));
    }

    fn spawn_unlock(
        &mut self,
        opener: Opener,
        secret: zeroize::Zeroizing<String>,
    ) -> Result<(), String> {
        let material = self
            .store
            .unlock_material(opener)
            .map_err(|e| e.to_string())?;
        let sealed = self
            .store
            .private_notes_sealed()
            .map_err(|e| e.to_string())?;
        let (tx, rx) = mpsc::channel();
        // Both slow parts run here: the key derivation, and opening every note for the index.
        std::thread::Builder::new()
            .name("candor-unlock".into())
            .spawn(move || {
                let opened = match material.open(&secret) {
                    Ok(key) => {
                        let texts = crate::store::open_all(&key, sealed);
                        Opened::Key(key, texts)
                    }
                    Err(StoreError::KeyReplaced) => match material.open_for_repair(&secret) {
                        Ok(repair) => Opened::Replaced(repair),
                        Err(e) => Opened::Failed(e),
                    },
                    Err(e) => Opened::Failed(e),
                };
                drop(secret);
                let _ = tx.send(opened);
            })
            .map_err(|e| format!("cannot start unlocking: {e}"))?;
        self.unlocking = Some(Unlocking { result: rx, opener });
        Ok(())
    }

    /// On each tick: has the unlock finished?
    pub(super) fn poll_unlock(&mut self) {
        let Some(u) = &self.unlocking else { return };
        let result = match u.result.try_recv() {
            Ok(r) => r,
            Err(TryRecvError::Empty) => {
                self.state.spinner = self.state.spinner.wrapping_add(1);
                self.emit(Effect::Redraw);
                return;
            }
            Err(TryRecvError::Disconnected) => {
                Opened::Failed(StoreError::Crypto("the unlock stopped unexpectedly".into()))
            }
        };
        let opener = u.opener;
        self.unlocking = None;
        self.state.busy = None;
        let installed = match result {
            Opened::Key(key, texts) => self.store.install_key_with(key, texts),
            Opened::Replaced(repair) => return self.ask_to_repair(repair),
            Opened::Failed(e) => Err(e),
        };
        match installed {
            Ok(()) => {
                if self.unlock_prompt_open() {
                    self.state.overlay = None;
                }
                self.unlocked("Private notes unlocked; L locks them again.");
            }
            Err(e) => {
                let message = match e {
                    StoreError::WrongSecret => format!(
                        "That {} does not open this journal; type it again.",
                        noun(opener)
                    ),
                    e => sentence(&e.to_string()),
                };
                // The prompt stays (or comes back) with one line saying why, its field empty.
                let mut form = match self.state.overlay.take() {
                    Some(Overlay::Form(f)) if f.kind == FormKind::Unlock => f,
                    other => {
                        self.state.overlay = other;
                        return self.error(&message);
                    }
                };
                form.clear_secrets();
                form.notes.clear();
                form.error = Some(message.clone());
                self.state.overlay = Some(Overlay::Form(form));
                self.error(&message);
            }
        }
    }

    /// After an unlock or a repair: show what is open and offer the drafts
    /// that waited for it.
    fn unlocked(&mut self, message: &str) {
        self.touch();
        self.reload();
        self.info(message);
        if let Some(action) = self.after_unlock.take() {
            self.act(action);
        }
        self.offer_drafts_kept_for_unlock();
    }

    /// The passphrase was right but the journal's public key is not its own:
    /// say what that means, and ask before putting the right key back.
    fn ask_to_repair(&mut self, repair: RepairKey) {
        self.pending_repair = Some(repair);
        self.state.overlay = Some(Overlay::Confirm(Box::new(Confirm {
            text: "The journal's public key was replaced: private notes written since then may be readable by whoever replaced it, and your key cannot open them. y puts your key back, so what you write from now on is sealed to you; n changes nothing and keeps the journal locked.".into(),
            question: Question::RepairKey,
        })));
        self.error("The journal's public key was replaced; y repairs it, n leaves it.");
    }

    /// The answer to [`App::ask_to_repair`].
    pub(super) fn answer_repair(&mut self, yes: bool) {
        let Some(repair) = self.pending_repair.take() else {
            return;
        };
        if !yes {
            // The key it held is wiped as it drops.
            drop(repair);
            return self.info("Nothing was changed; private notes stay locked.");
        }
        match self.store.repair_public_key(repair) {
            Ok(report) => self.unlocked(&report.summary().join(" ")),
            Err(e) => self.error(&e.to_string()),
        }
    }

    fn unlock_prompt_open(&self) -> bool {
        matches!(&self.state.overlay, Some(Overlay::Form(f)) if f.kind == FormKind::Unlock)
    }

    /// `L`, or the idle time ran out: forget the key and clear the screen.
    pub(super) fn lock_now(&mut self, why: &str) {
        if !self.store.is_unlocked() && !self.private_form_open() {
            return self.info("Private notes are locked.");
        }
        self.store.lock();
        self.wipe_opened_texts();
        // Nothing private stays on screen: windows showing it close.
        if matches!(
            self.state.overlay,
            Some(Overlay::Viewer(_) | Overlay::Search(_))
        ) {
            self.state.overlay = None;
        }
        if matches!(&self.state.overlay, Some(Overlay::Form(f)) if f.is_private()) {
            // Its text is kept as a (sealed) draft before the form closes;
            // the draft stays for the next start or the next unlock.
            self.save_draft_now();
            self.state.overlay = None;
            self.let_draft_go();
        }
        self.reload();
        self.emit(Effect::ClearScreen);
        self.info(why);
    }

    /// Overwrites every opened private text the app holds (the listed
    /// notes, the check-ins, an open viewer or search), instead of leaving
    /// it in freed memory when it is dropped.
    pub(super) fn wipe_opened_texts(&mut self) {
        let sections = match &mut self.state.right {
            super::Right::Entries(view) => &mut view.list.sections[..],
            _ => &mut [],
        };
        for section in sections {
            for row in &mut section.rows {
                if let super::Row::Note(n) = row {
                    n.wipe_if_private();
                }
            }
        }
        for c in &mut self.state.detail.checkins {
            c.wipe();
        }
        if let super::Right::Home(home) = &mut self.state.right {
            home.wipe();
        }
        match &mut self.state.overlay {
            Some(Overlay::Viewer(v)) => {
                zeroize::Zeroize::zeroize(&mut v.text);
                if let Some(super::Row::Note(n)) = &mut v.row {
                    n.wipe_if_private();
                }
            }
            Some(Overlay::Search(s)) => {
                for hit in &mut s.hits {
                    zeroize::Zeroize::zeroize(&mut hit.snippet);
                }
            }
            _ => {}
        }
    }

    /// Notes that any key press counts as activity for the idle lock.
    pub(super) fn touch(&mut self) {
        self.idle.last_input = self.store.clock().now();
    }

    /// A private text is being written in a journal with a passphrase
    /// (it is sealed as a draft when the journal locks).
    fn private_form_open(&self) -> bool {
        matches!(&self.state.overlay, Some(Overlay::Form(f)) if f.is_private())
            && self.store.has_passphrase().unwrap_or(false)
    }

    /// On each tick: lock if nothing was typed for the idle time. A private
    /// form left open is closed too, even if nothing was unlocked: its text
    /// is on screen.
    pub(super) fn check_idle_lock(&mut self) {
        if self.unlocking.is_some() || !(self.store.is_unlocked() || self.private_form_open()) {
            return;
        }
        let idle = self.store.clock().now() - self.idle.last_input;
        let after = chrono::Duration::from_std(self.idle.after).unwrap_or(chrono::Duration::MAX);
        if idle >= after {
            let secs = self.idle.after.as_secs();
            let (n, unit) = if secs < 60 {
                (secs, Noun::new("an", "idle second", "idle seconds"))
            } else {
                (
                    secs.div_ceil(60),
                    Noun::new("an", "idle minute", "idle minutes"),
                )
            };
            self.lock_now(&format!("Locked after {}.", unit.count(n)));
        }
    }

    /// Whether the selected row is a note that needs unlocking to be read.
    pub(super) fn selected_note_is_locked(&self) -> bool {
        self.state.tab() == Some(Tab::Notes)
            && matches!(self.state.row(), Some(super::Row::Note(n)) if n.is_locked())
    }
}

/// The passphrase prompt: the secret first, so typing starts at once;
/// Enter unlocks from either field.
fn unlock_form() -> Form {
    Form::new(
        "Unlock private notes",
        FormKind::Unlock,
        vec![
            Field::secret(
                Name::Passphrase,
                "Passphrase (or the recovery code, chosen below)",
            ),
            Field::choice(
                Name::Opener,
                "It is",
                vec!["my passphrase".into(), "my recovery code".into()],
                0,
            ),
        ],
    )
}

/// What the person typed, in words.
fn noun(opener: Opener) -> &'static str {
    match opener {
        Opener::Passphrase => "passphrase",
        Opener::Recovery => "recovery code",
    }
}
