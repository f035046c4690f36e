//! What is due across pairs up to a day: each pair's next planned meeting,
//! open action items and goals not reached, late ones included — for Home
//! and `candor due` alike.

use chrono::NaiveDate;

use super::{Result, Store};
use crate::domain::{self, Due, PairSummary};

impl Store {
    /// What of `pairs` is due up to `until`, sorted (see [`domain::sort`]):
    /// the next planned meeting of each pair from `today` to `until`, and at
    /// most `limit` action items and `limit` goals due on or before `until`
    /// — those before `today` are late.
    pub fn due(
        &self,
        pairs: &[PairSummary],
        today: NaiveDate,
        until: NaiveDate,
        limit: usize,
    ) -> Result<Vec<Due>> {
        let mut due = domain::next_meetings(pairs, today, until, self.clock());
        due.extend(self.actions_due(until, limit)?.into_iter().map(Due::Action));
        due.extend(self.goals_due(until, limit)?.into_iter().map(Due::Goal));
        domain::sort(&mut due);
        Ok(due)
    }
}
