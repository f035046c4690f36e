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
    /// How a date is shown in lists: `YYYY-MM-DD`, unless the config file
    /// chose otherwise ([`Dated`]).
    fn show_date(&self, d: NaiveDate) -> String {
        d.format(DateFormat::DEFAULT).to_string()
    }
    /// `t` in local time, its date as [`Clock::show_date`] shows it, and
    /// the time to the minute.
    fn show_time(&self, t: DateTime<Utc>) -> String {
        let local = self.local(t);
        format!("{} {}", self.show_date(local.date()), local.format("%H:%M"))
    }
}

/// How dates are shown: a strftime format of date fields only, checked
/// when it is made, so that showing a date never fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFormat(String);

impl Default for DateFormat {
    fn default() -> Self {
        Self(Self::DEFAULT.to_owned())
    }
}

impl DateFormat {
    /// The format dates have unless the config file says otherwise.
    pub const DEFAULT: &str = "%Y-%m-%d";
    /// The longest format taken, in bytes, and the longest date it may make.
    const MAX_LEN: usize = 40;

    /// A format from strftime text such as `%d.%m.%Y`; refused, with what
    /// it must be, when it has an unknown field, a field of the time of
    /// day, no field at all, or makes dates too long for a list.
    pub fn new(format: &str) -> Result<Self, String> {
        use std::fmt::Write as _;
        let refuse =
            || "a date format of date fields such as \"%d.%m.%Y\" or \"%-d %b %Y\"".to_owned();
        if format.len() > Self::MAX_LEN
            || format.chars().any(char::is_control)
            || !format.contains('%')
        {
            return Err(refuse());
        }
        let mut shown = String::new();
        // A field chrono does not know, or one a date has no value for
        // (an hour), makes formatting fail.
        let sample = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default();
        if write!(shown, "{}", sample.format(format)).is_err() || shown.len() > Self::MAX_LEN {
            return Err(refuse());
        }
        Ok(Self(format.to_owned()))
    }

    /// The strftime text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `d` in this format.
    pub fn date(&self, d: NaiveDate) -> String {
        d.format(&self.0).to_string()
    }
}

/// A clock that shows dates in a format of the user's choosing; everything
/// else is the clock it wraps.
pub struct Dated {
    /// The clock that tells the time.
    pub clock: std::sync::Arc<dyn Clock>,
    /// How dates are shown.
    pub format: DateFormat,
}

impl Clock for Dated {
    fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }
    fn local(&self, t: DateTime<Utc>) -> NaiveDateTime {
        self.clock.local(t)
    }
    fn utc_of_local(&self, t: NaiveDateTime) -> Option<DateTime<Utc>> {
        self.clock.utc_of_local(t)
    }
    fn today(&self) -> NaiveDate {
        self.clock.today()
    }
    fn show_date(&self, d: NaiveDate) -> String {
        self.format.date(d)
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
