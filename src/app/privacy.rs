//! Locking and unlocking private notes in the journal: `U` asks for the
//! passphrase in a masked field and derives the key on another thread while
//! a spinner turns; `L` locks at once, and so does a stretch of no input.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::form::{Field, Form, FormKind, Input};
use super::{App, Overlay, Request, Tab};
use crate::crypto::SecretKey;
use crate::store::{Opener, StoreError};

/// What an unlock thread hands back: the key and the opened private notes (id, text).
type Opened = Result<(SecretKey, Vec<(i64, String)>), StoreError>;

/// An unlock running on another thread.
#[derive(Debug)]
pub(super) struct Unlocking {
    result: Receiver<Opened>,
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
        match self.store.has_passphrase() {
            Ok(false) => return self.info("No passphrase is set; private notes are not locked."),
            Ok(true) if self.store.is_unlocked() => {
                return self.info("Private notes are unlocked already; L locks them.");
            }
            Ok(true) => {}
            Err(e) => return self.error(&e.to_string()),
        }
        let mut secret = Field::text("Passphrase", "", false);
        if let Input::Text { area, .. } = &mut secret.input {
            area.set_mask_char('•');
        }
        let form = Form::new(
            "Unlock private notes",
            FormKind::Unlock,
            vec![
                secret,
                Field::choice(
                    "It is",
                    vec!["my passphrase".into(), "my recovery code".into()],
                    0,
                ),
            ],
        );
        // The passphrase never goes into a draft: no begin_draft here.
        self.state.overlay = Some(Overlay::Form(Box::new(form)));
    }

    /// Ctrl-s on the unlock prompt: derive the key off the UI thread.
    pub(super) fn start_unlock(&mut self, form: &Form) -> Result<String, (Option<usize>, String)> {
        let opener = if form.choice(1) == 1 {
            Opener::Recovery
        } else {
            Opener::Passphrase
        };
        let material = self
            .store
            .unlock_material(opener)
            .map_err(|e| (None, e.to_string()))?;
        let sealed = self
            .store
            .private_notes_sealed()
            .map_err(|e| (None, e.to_string()))?;
        let secret = zeroize::Zeroizing::new(form.text(0));
        let (tx, rx) = mpsc::channel();
        // Both slow parts run here: the key derivation, and opening every note for the index.
        std::thread::Builder::new()
            .name("candor-unlock".into())
            .spawn(move || {
                let opened = material.open(&secret).map(|key| {
                    let texts = crate::store::open_all(&key, sealed);
                    (key, texts)
                });
                let _ = tx.send(opened);
            })
            .map_err(|e| (None, format!("cannot start unlocking: {e}")))?;
        self.unlocking = Some(Unlocking { result: rx });
        self.state.busy = Some("Unlocking".into());
        Ok("Unlocking…".into())
    }

    /// On each tick: has the unlock finished?
    pub(super) fn poll_unlock(&mut self) {
        let Some(u) = &self.unlocking else { return };
        let result = match u.result.try_recv() {
            Ok(r) => r,
            Err(TryRecvError::Empty) => {
                self.state.spinner = self.state.spinner.wrapping_add(1);
                return;
            }
            Err(TryRecvError::Disconnected) => {
                Err(StoreError::Crypto("the unlock stopped unexpectedly".into()))
            }
        };
        self.unlocking = None;
        self.state.busy = None;
        match result.and_then(|(key, texts)| self.store.install_key_with(key, texts)) {
            Ok(()) => {
                self.touch();
                self.reload();
                self.info("Private notes unlocked; L locks them again.");
            }
            Err(e) => self.error(&e.to_string()),
        }
    }

    /// `L`, or the idle time ran out: forget the key and clear the screen.
    pub(super) fn lock_now(&mut self, why: &str) {
        if !self.store.is_unlocked() {
            return self.info("Private notes are locked.");
        }
        self.store.lock();
        // Nothing private stays on screen: windows showing it close.
        if matches!(
            self.state.overlay,
            Some(Overlay::Viewer(_) | Overlay::Search(_))
        ) {
            self.state.overlay = None;
        }
        if matches!(&self.state.overlay, Some(Overlay::Form(f)) if matches!(f.kind, FormKind::Note { .. }) && f.choice(2) == 1)
        {
            // Its text is kept as a (sealed) draft before the form closes.
            self.save_draft_now();
            self.state.overlay = None;
        }
        self.reload();
        self.state.request = Some(Request::ClearScreen);
        self.info(why);
    }

    /// Notes that any key press counts as activity for the idle lock.
    pub(super) fn touch(&mut self) {
        self.idle.last_input = self.store.clock().now();
    }

    /// On each tick: lock if nothing was typed for the idle time.
    pub(super) fn check_idle_lock(&mut self) {
        if !self.store.is_unlocked() || self.unlocking.is_some() {
            return;
        }
        let idle = self.store.clock().now() - self.idle.last_input;
        let after = chrono::Duration::from_std(self.idle.after).unwrap_or(chrono::Duration::MAX);
        if idle >= after {
            let minutes = self.idle.after.as_secs().div_ceil(60);
            self.lock_now(&format!("Locked after {minutes} idle minutes."));
        }
    }

    /// Whether the selected row is a note that needs unlocking to be read.
    pub(super) fn selected_note_is_locked(&self) -> bool {
        self.state.tab == Tab::Notes
            && matches!(self.state.row(), Some(super::Row::Note(n)) if n.locked)
    }
}
