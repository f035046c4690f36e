//! Time, passed in: the program reads the system clock, tests and snapshots a
//! fixed one, so every date they show is reproducible.

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, Utc};

/// Where "now" comes from, and how a UTC instant is shown locally.
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
    /// `t` in the user's local time.
    fn local(&self, t: DateTime<Utc>) -> NaiveDateTime;
    /// The UTC instant of a local time; `None` when the local time does not
    /// exist (a DST gap). Clocks that show UTC keep the default.
    fn utc_of_local(&self, t: NaiveDateTime) -> Option<DateTime<Utc>> {
        Some(t.and_utc())
    }
    /// Today's date in local time.
    fn today(&self) -> NaiveDate {
        self.local(self.now()).date()
    }
}

/// The real clock and the machine's time zone.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
    fn local(&self, t: DateTime<Utc>) -> NaiveDateTime {
        t.with_timezone(&Local).naive_local()
    }
    fn utc_of_local(&self, t: NaiveDateTime) -> Option<DateTime<Utc>> {
        t.and_local_timezone(Local)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    }
}

/// A clock stopped at one instant, showing times in UTC.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
    fn local(&self, t: DateTime<Utc>) -> NaiveDateTime {
        t.naive_utc()
    }
}

impl FixedClock {
    /// A fixed clock from RFC 3339 text, for tests and `CANDOR_NOW`.
    pub fn parse(s: &str) -> Option<Self> {
        DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|t| Self(t.with_timezone(&Utc)))
    }
}

/// A clock shared between the store and the screen.
#[derive(Clone)]
pub struct SharedClock(pub std::sync::Arc<dyn Clock>);

impl std::fmt::Debug for SharedClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SharedClock")
    }
}

impl std::ops::Deref for SharedClock {
    type Target = dyn Clock;
    fn deref(&self) -> &Self::Target {
        self.0.as_ref()
    }
}

/// A clock that moves only when told to, showing times in UTC: for tests of
/// anything driven by elapsed time (draft autosave, idle lock).
#[derive(Debug)]
pub struct ManualClock(std::sync::Mutex<DateTime<Utc>>);

impl ManualClock {
    /// A clock stopped at `t`.
    pub fn new(t: DateTime<Utc>) -> Self {
        Self(std::sync::Mutex::new(t))
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: chrono::Duration) {
        let mut now = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
    fn local(&self, t: DateTime<Utc>) -> NaiveDateTime {
        t.naive_utc()
    }
}
