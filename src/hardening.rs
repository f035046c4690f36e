//! Keeping private text out of core dumps. Once a journal under a
//! passphrase is open, or a passphrase is given or typed, the process's
//! memory may hold private text and the secret key; a core file would write
//! them to disk in clear, so the process makes none.

use std::io;

/// Turns core dumps off for the rest of this process: the core file size
/// limit to 0 (soft and hard, so nothing raises it again), and on Linux the
/// process marked not dumpable (`PR_SET_DUMPABLE` 0), which also keeps other
/// processes of the same user from reading its memory through ptrace or
/// `/proc`. Elsewhere than Unix it does nothing.
pub fn no_core_dumps() -> io::Result<()> {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, Rlimit, setrlimit};
        setrlimit(
            Resource::Core,
            Rlimit {
                current: Some(0),
                maximum: Some(0),
            },
        )?;
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{DumpableBehavior, set_dumpable_behavior};
        set_dumpable_behavior(DumpableBehavior::NotDumpable)?;
    }
    Ok(())
}

/// [`no_core_dumps`], its failure said in one sentence: candor goes no
/// further with private text it cannot keep out of a core file.
pub fn guard_private_text() -> anyhow::Result<()> {
    no_core_dumps().map_err(|e| {
        anyhow::anyhow!(
            "cannot turn core dumps off ({e}), and candor does not handle private text without that"
        )
    })
}
