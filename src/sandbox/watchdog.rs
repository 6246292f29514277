//! The detached watchdog that cleans up a temporary cluster when its owning
//! process goes away without running `Drop` (a cluster in a `static`, a
//! panic that aborts, `std::process::exit`, SIGKILL, Ctrl-C).
//!
//! This file owns spawning that watchdog and standing it down. The watchdog is
//! a `sh` running as the server user, in its own process group (so a Ctrl-C
//! to the test's process group does not reach it), ignoring SIGHUP/SIGINT,
//! with stdout/stderr on /dev/null (so nobody waiting for the owner's output
//! waits for it) and its stdin a pipe from the owner. The owner never writes
//! to it until it has cleaned up itself: a line means "stand down", EOF means
//! "the owner died": stop the server (`-m immediate`) and `rm -rf` the
//! directory. EOF comes from the kernel closing the owner's end whenever the
//! owner exits for any reason, so there is no polling and no pid reuse race;
//! the pipe's write end is close-on-exec, so no other child (pg_ctl, the
//! postmaster, psql) keeps it open. It does not decide when to clean up
//! normally (that is `Cluster`'s `Drop`/`stop`).

use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, ChildStdin, Stdio};

use anyhow::Context;

use super::runas::ServerUser;

const SCRIPT: &str = r#"trap '' HUP INT
if read -r line; then exit 0; fi
"$1" -D "$2" stop -m immediate -w -t 30 >/dev/null 2>&1
rm -rf -- "$3"
"#;

/// A running watchdog; dropping it without [`Watchdog::stand_down`] closes
/// the pipe and so triggers the cleanup.
#[derive(Debug)]
pub(crate) struct Watchdog {
    child: Child,
    stdin: Option<ChildStdin>,
}

impl Watchdog {
    /// Start a watchdog that, once this process is gone, stops the server in
    /// `data_dir` with `pg_ctl` and removes `dir`.
    pub(crate) fn spawn(
        user: &ServerUser,
        pg_ctl: &Path,
        data_dir: &Path,
        dir: &Path,
    ) -> anyhow::Result<Watchdog> {
        let mut cmd = user.command(Path::new("/bin/sh"), dir);
        cmd.arg("-c")
            .arg(SCRIPT)
            .arg("quell-sandbox-watchdog")
            .arg(pg_ctl)
            .arg(data_dir)
            .arg(dir)
            // Not inside `dir`: it removes it.
            .current_dir("/")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0);
        let mut child = cmd
            .spawn()
            .with_context(|| format!("spawning the cleanup watchdog for {}", dir.display()))?;
        let stdin = child.stdin.take();
        tracing::debug!(pid = child.id(), dir = %dir.display(), "sandbox watchdog started");
        Ok(Watchdog { child, stdin })
    }

    /// Tell the watchdog the owner cleaned up itself, and reap it.
    pub(crate) fn stand_down(mut self) {
        if let Some(mut stdin) = self.stdin.take() {
            // If it is already gone the write fails; either way it is done.
            let _ = stdin.write_all(b"done\n");
        }
        if let Err(e) = self.child.wait() {
            tracing::warn!("waiting for the sandbox watchdog: {e}");
        }
    }
}
