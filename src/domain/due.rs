//! What is due across pairs, by date: the next planned meeting of each
//! pair, open action items and goals not reached. Home (`0`) and
//! `candor due` read the same list from [`crate::store::Store::due`].

use chrono::NaiveDate;

use super::{ActionItem, Goal, PairSummary};
use crate::clock::Clock;

/// Something due: a meeting, an action item or a goal, by its date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Due {
    /// A meeting planned with the pair `pair_id` on `on`.
    Meeting {
        /// The pair.
        pair_id: i64,
        /// The day it is (or was) planned for.
        on: NaiveDate,
    },
    /// An open action item with a due date.
    Action(ActionItem),
    /// A goal not yet reached, with a target date.
    Goal(Goal),
}

impl Due {
    /// The day it is due.
    pub fn on(&self) -> NaiveDate {
        match self {
            Due::Meeting { on, .. } => *on,
            Due::Action(a) => a.due_on.unwrap_or(NaiveDate::MAX),
            Due::Goal(g) => g.due_on.unwrap_or(NaiveDate::MAX),
        }
    }

    /// The pair it belongs to.
    pub fn pair_id(&self) -> i64 {
        match self {
            Due::Meeting { pair_id, .. } => *pair_id,
            Due::Action(a) => a.pair_id,
            Due::Goal(g) => g.pair_id,
        }
    }

    /// Meetings before action items before goals, on the same day.
    pub fn rank(&self) -> u8 {
        match self {
            Due::Meeting { .. } => 0,
            Due::Action(_) => 1,
            Due::Goal(_) => 2,
        }
    }
}

/// The next meeting of each of `pairs` from `today` to `until`: the day of
/// its earliest planned meeting. (A planned meeting whose time has passed
/// counts as held, so no meeting is ever late; a pair past its cadence is
/// said on its own, see [`PairSummary::is_overdue`].)
pub fn next_meetings(
    pairs: &[PairSummary],
    today: NaiveDate,
    until: NaiveDate,
    clock: &dyn Clock,
) -> Vec<Due> {
    pairs
        .iter()
        .filter_map(|p| {
            let on = p
                .next_meeting(clock)
                .filter(|d| *d >= today && *d <= until)?;
            Some(Due::Meeting {
                pair_id: p.pair.id,
                on,
            })
        })
        .collect()
}

/// `due` in the order it is shown: by date, then meetings before action
/// items before goals, then by pair.
pub fn sort(due: &mut [Due]) {
    due.sort_by_key(|d| (d.on(), d.rank(), d.pair_id()));
}
