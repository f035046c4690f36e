//! The integration tests, one module per area, linked into one test binary
//! (`cargo test --test it`); a single test or module is picked by its path,
//! e.g. `cargo test --test it faults::` or `cargo test --test it
//! store::a_folder_is_not_a_journal`.
//!
//! Two files stay binaries of their own, because they look at what is
//! shared by the whole process: `tests/privacy.rs` counts the key
//! derivations of the process (`crypto::derivations()`), and
//! `tests/cli_privacy.rs` compares the core-file limit of the process with
//! what candor leaves its children, which `app`'s unlock tests lower here
//! for good.

mod support;

mod app;
mod app_home;
mod checklist_record;
mod cli;
mod cli_config;
mod cli_day;
mod cli_exchange;
mod cli_faults;
mod cli_goals_checkins;
mod cli_hygiene;
mod cli_journal;
mod cli_links;
mod cli_sync;
mod editor_scratch;
mod exchange_props;
mod export_markdown;
mod faults;
mod feedback_tally;
mod import_stream;
mod lists;
mod migrations;
mod next_steps;
mod privacy_binding;
mod privacy_key;
mod search_index;
mod store;
mod store_goals_checkins;
mod store_journal;
mod sync_props;
mod terminal;
mod terminal_job_control;
mod terminal_journal;
mod terminal_passphrase;
mod terminal_privacy;
mod ui;
mod ui_small;
