//! The schema: the application id stamped in every journal, the
//! migrations in order, and the version they bring a journal to.

/// Stamped in the file header so a candor journal is told from other SQLite files ("cand").
pub const APPLICATION_ID: i32 = 0x6361_6e64;

/// Migrations in order; migration `n` (1-based) brings the schema to version `n`.
pub(super) const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_private_keys.sql"),
    include_str!("migrations/0003_goals_checkins.sql"),
    include_str!("migrations/0004_privacy.sql"),
    include_str!("migrations/0005_pair_links.sql"),
    include_str!("migrations/0006_undo_next_meeting.sql"),
    include_str!("migrations/0007_checklist_record.sql"),
    include_str!("migrations/0008_larger_pages.sql"),
    include_str!("migrations/0009_sync.sql"),
    include_str!("migrations/0010_search_columns.sql"),
    include_str!("migrations/0011_action_list.sql"),
    include_str!("migrations/0012_search_order.sql"),
    include_str!("migrations/0013_feedback_tally.sql"),
];

/// The page size of a journal from schema 8 on: an entry of a few KB shares
/// its page with others instead of leaving half a 4 KiB page unused.
pub const PAGE_SIZE: i64 = 16_384;

/// The schema version this program writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;
