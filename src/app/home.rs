//! Home (`0`): what is due across every pair — late first, then this week —,
//! each pair's trust trend, and how feedback to you as a mentor goes.

use std::collections::BTreeMap;

use super::front::Right;
use super::{App, Focus};
use crate::action::Action;
pub use crate::domain::Due;
use crate::domain::{PairStatus, TrustTrend};
use crate::store::{FeedbackSummary, StoreError};

/// How far ahead Home looks for what is due.
const DAYS_AHEAD: i64 = 7;
/// How many due action items, and how many due goals, Home lists.
const DUE_SHOWN: usize = 50;
/// How many of a pair's latest check-ins its trend is drawn from.
const TREND_LEN: usize = 12;

/// Home's state: what it shows across all pairs.
#[derive(Debug, Clone, Default)]
pub struct HomeView {
    /// What is past its date and not done, the longest late first.
    pub late: Vec<Due>,
    /// What is due from today to a week ahead, soonest first.
    pub this_week: Vec<Due>,
    /// Each open or paused pair's trust trend, by pair id, from what can be
    /// read now.
    pub trust: BTreeMap<i64, TrustTrend>,
    /// How feedback to you as a mentor went, over every pair you mentor.
    pub mentor_feedback: FeedbackSummary,
}

impl App {
    /// Shows Home, with the pair list keeping the keyboard.
    pub(super) fn show_home(&mut self) {
        self.state.focus = Focus::Pairs;
        self.state.right = Right::Home(HomeView::default());
        self.load_home();
    }

    /// An action for Home, when it has the keyboard (it has no cursor).
    pub(super) fn act_on_home(&mut self, action: Action) {
        match action {
            Action::New => self.error(
                "Open a tab to add to it: 2 first meeting, 3 meetings, 4 feedback, 5 notes.",
            ),
            _ => self.act_on_pair(action),
        }
    }

    pub(super) fn load_home(&mut self) {
        // Home shows every pair's meetings and checklist.
        self.count_all_pairs();
        let today = self.state.today;
        let week = today + chrono::Duration::days(DAYS_AHEAD);
        let pairs = &self.state.pairs.pairs;
        let loaded = (|| {
            let due = self.store.due(pairs, today, week, DUE_SHOWN)?;
            let (late, this_week) = due.into_iter().partition(|d| d.on() < today);

            let open: Vec<i64> = pairs
                .iter()
                .filter(|p| p.pair.status != PairStatus::Closed)
                .map(|p| p.pair.id)
                .collect();
            let counts = self.store.checkin_counts()?;
            let mut checkins: BTreeMap<i64, Vec<_>> = BTreeMap::new();
            for c in self.store.latest_checkins(TREND_LEN)? {
                checkins.entry(c.pair_id).or_default().push(c);
            }
            let trust = open
                .iter()
                .map(|id| {
                    let latest = checkins.get(id).map_or(&[][..], Vec::as_slice);
                    let count = counts.get(id).copied().unwrap_or(0);
                    (*id, TrustTrend::new(latest, count))
                })
                .collect();
            for c in checkins.values_mut().flatten() {
                c.wipe();
            }
            Ok::<_, StoreError>(HomeView {
                late,
                this_week,
                trust,
                mentor_feedback: self.store.feedback_summary(None)?,
            })
        })();
        match loaded {
            Ok(h) => {
                if let Right::Home(view) = &mut self.state.right {
                    view.wipe();
                    *view = h;
                }
            }
            Err(e) => self.error(&e.to_string()),
        }
    }
}

impl HomeView {
    /// Overwrites the trust levels read, so locking leaves no copy behind.
    pub fn wipe(&mut self) {
        for t in self.trust.values_mut() {
            zeroize::Zeroize::zeroize(t);
        }
    }
}
