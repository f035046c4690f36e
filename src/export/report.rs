//! What an import would do, or did, in sentences for people: a dry run's
//! "Would add …" lines and the notices of what it left alone although the
//! file asked. `candor import` prints them; the journal screen's import
//! window shows them, so both say the same thing the same way.

use super::Origin;
use crate::domain::{Kind, Noun};
use crate::store::{KindCounts, MergeReport};
use crate::text;

/// "1 pair, 3 notes" for the kinds where `count` is not zero; `None` when
/// every kind is zero.
pub fn kinds(report: &MergeReport, count: impl Fn(&KindCounts) -> usize) -> Option<String> {
    let parts: Vec<String> = Kind::ALL
        .into_iter()
        .filter_map(|k| {
            let n = count(&report.of(k));
            (n > 0).then(|| k.noun().count(n))
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// A dry run's three lines: "Would add: 1 pair, 3 notes.", then what it
/// would update and remove ("Would update nothing.").
pub fn would(plan: &MergeReport) -> [String; 3] {
    let line = |what: &str, kinds: Option<String>| match kinds {
        Some(kinds) => format!("Would {what}: {kinds}."),
        None => format!("Would {what} nothing."),
    };
    [
        line("add", kinds(plan, |k| k.added)),
        line("update", kinds(plan, |k| k.updated)),
        line("remove", kinds(plan, |k| k.removed)),
    ]
}

/// What an import leaves alone although the file asks, one sentence each:
/// pairs its tombstones name, private entries, entries outside what the
/// file carries. `dry_run` words them as what would happen; `remove_pair`
/// says how a person removes a pair here (a command, or a key).
pub fn notices(
    report: &MergeReport,
    origin: Origin,
    dry_run: bool,
    remove_pair: &str,
) -> Vec<String> {
    let mut out = Vec::new();
    let kept = if dry_run { "would be kept" } else { "is kept" };
    for p in &report.kept_pairs {
        let pair = format!(
            "{} mentoring {}",
            text::one_line(&p.mentor_name),
            text::one_line(&p.mentee_name)
        );
        out.push(match origin {
            Origin::ThisJournal => format!(
                "This journal's export says your pair {pair} was removed; it {kept} ({remove_pair} removes it)."
            ),
            _ => format!(
                "{} removed your pair {pair} on their side; yours {kept}.",
                text::one_line(p.partner())
            ),
        });
    }
    let keep = if dry_run { "Would keep" } else { "Kept" };
    if report.kept_private > 0 {
        out.push(format!(
            "{keep} {} (notes or check-ins) that the file asks to remove: private entries never travel, so no other journal's deletion reaches them.",
            Noun::new("a", "private entry", "private entries").count(report.kept_private),
        ));
    }
    if report.kept_outside > 0 {
        out.push(format!(
            "{keep} {} that the file asks to remove without the right to: of a pair it does not carry, or of another kind than it names.",
            Noun::ENTRY.count(report.kept_outside),
        ));
    }
    out
}
