//! Any bytes as an export, imported into a journal holding the demo pairs:
//! a file is refused or merged, never a panic, and a refused file leaves
//! the journal as it was.

#![no_main]

use std::sync::Arc;

use candor::clock::{Clock, FixedClock};
use candor::store::Store;
use candor::template::Template;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    let Some(clock) = FixedClock::parse("2026-11-27T10:00:00Z") else {
        return;
    };
    let clock: Arc<dyn Clock> = Arc::new(clock);
    let Ok(import) = candor::export::parse(json, "fuzz.json", clock.now()) else {
        return;
    };
    let Ok(mut store) = Store::open_in_memory(Arc::clone(&clock)) else {
        return;
    };
    if candor::demo::fill(&mut store, &Template::built_in()).is_err() {
        return;
    }
    let before = store.bundles(None, true).ok();
    if store.merge(&import.bundles, &import.tombstones).is_err() {
        // Refused: the whole import was rolled back.
        assert_eq!(store.bundles(None, true).ok(), before);
    }
});
