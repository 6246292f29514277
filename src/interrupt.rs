//! SIGINT, SIGTERM and SIGHUP.
//!
//! A command that changes many things one at a time (tenants, jobs, backends) calls
//! [`graceful`]: the first signal then only asks it to stop ([`requested`],
//! [`wait`]); it finishes the item whose transaction is in flight, says what it did
//! and what remains, and exits 130 (143 for SIGTERM, 129 for SIGHUP). A second signal
//! ends the process at once, by that signal, as if quell had no handler. Any other
//! command keeps the default: the first signal ends it (the server rolls back a
//! transaction in flight). A signal that arrives while the operator is at a
//! confirmation prompt restores the terminal (echo, cursor) and exits, since nothing
//! has been changed yet.
//!
//! This module is the one place besides `main` that ends the process: a prompt
//! blocked in `read(2)` cannot be woken any other way.

use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

use crate::error::Exit;

static SIGNAL: AtomicI32 = AtomicI32::new(0);
static GRACEFUL: AtomicBool = AtomicBool::new(false);
static PROMPTING: AtomicBool = AtomicBool::new(false);
static SHIELDED: AtomicBool = AtomicBool::new(false);
static TERMINAL: Mutex<Option<nix::sys::termios::Termios>> = Mutex::new(None);

fn notify() -> &'static tokio::sync::Notify {
    static NOTIFY: OnceLock<tokio::sync::Notify> = OnceLock::new();
    NOTIFY.get_or_init(tokio::sync::Notify::new)
}

/// Listen for the three signals (once per process, from `app::run`). A signal the
/// process was started with ignored (`nohup`, a background job of a non-interactive
/// shell) stays ignored.
pub fn install() {
    let ignored = ignored_at_start();
    let wanted: Vec<i32> = [SIGINT, SIGTERM, SIGHUP]
        .into_iter()
        .filter(|s| !ignored.contains(s))
        .collect();
    let Ok(mut signals) = signal_hook::iterator::Signals::new(&wanted) else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("quell-signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                on_signal(signal);
            }
        });
    if spawned.is_err() {
        tracing::debug!("could not start the signal thread: signals keep their default");
    }
}

/// The signals this process inherited as ignored, from `SigIgn:` in
/// `/proc/self/status` (a hex mask, bit N-1 for signal N).
fn ignored_at_start() -> Vec<i32> {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return Vec::new();
    };
    let mask = status
        .lines()
        .find_map(|l| l.strip_prefix("SigIgn:"))
        .and_then(|hex| u64::from_str_radix(hex.trim(), 16).ok())
        .unwrap_or(0);
    (1..=64).filter(|n| mask & (1 << (n - 1)) != 0).collect()
}

fn on_signal(signal: i32) {
    let first = SIGNAL
        .compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst)
        .is_ok();
    if first && PROMPTING.load(Ordering::SeqCst) {
        // The prompt's wait ([`prompt`]) sees the signal and returns Interrupted, so
        // the command stops as from any other point (a playbook runs `always:`).
        notify().notify_waiters();
        return;
    }
    if !first || !GRACEFUL.load(Ordering::SeqCst) {
        restore_terminal();
        // Default action: the process ends by this signal.
        let _ = signal_hook::low_level::emulate_default_handler(signal);
        return;
    }
    notify().notify_waiters();
}

/// This command stops cleanly on the first signal.
pub fn graceful() {
    GRACEFUL.store(true, Ordering::SeqCst);
}

/// The first signal received, if any (none while [`shield`] is up).
pub fn requested() -> Option<i32> {
    if SHIELDED.load(Ordering::SeqCst) {
        return None;
    }
    received()
}

/// The first signal received, shield or not.
pub fn received() -> Option<i32> {
    match SIGNAL.load(Ordering::SeqCst) {
        0 => None,
        signal => Some(signal),
    }
}

/// Work that must run to its end after the first signal (a playbook's `always:` and
/// undo steps): while the shield is up, [`requested`] says nothing was asked, so
/// bulk actions do not stop at their next item. A second signal still ends the
/// process at once.
pub fn shield(up: bool) {
    SHIELDED.store(up, Ordering::SeqCst);
}

/// Resolves once a signal has been received (at once if one already was); never
/// while the shield is up (a second signal ends the process instead).
pub async fn wait() {
    let notified = notify().notified();
    if requested().is_some() {
        return;
    }
    notified.await;
    if SHIELDED.load(Ordering::SeqCst) {
        std::future::pending::<()>().await;
    }
}

/// `SIGINT`, `SIGTERM`, `SIGHUP`.
pub fn name(signal: i32) -> &'static str {
    match signal {
        SIGINT => "SIGINT",
        SIGTERM => "SIGTERM",
        SIGHUP => "SIGHUP",
        _ => "a signal",
    }
}

/// 128 + the signal number, as a shell reports a process the signal ended.
pub fn exit_code(signal: i32) -> Exit {
    match signal {
        SIGTERM => Exit::Terminated,
        SIGHUP => Exit::HungUp,
        _ => Exit::Interrupted,
    }
}

/// The exit code of an interrupted command, if it was.
pub fn exit() -> Option<Exit> {
    received().map(exit_code)
}

/// Ask at the terminal: `ask` (a dialoguer prompt) runs on its own thread and this
/// waits for its answer or for a signal, whichever comes first. A signal (sent with
/// kill, or a ^C the prompt did not see) gives `Err(signal)` with the terminal's
/// modes and cursor put back; the abandoned read ends with the process. Never while
/// [`shield`] is up: then only a second signal ends quell.
pub fn prompt<T: Send + 'static>(ask: impl FnOnce() -> T + Send + 'static) -> Result<T, i32> {
    // The live area (step lines, bars) stays cleared while the question is open.
    crate::output::above_live(|| wait_for_answer(ask))
}

fn wait_for_answer<T: Send + 'static>(ask: impl FnOnce() -> T + Send + 'static) -> Result<T, i32> {
    prompting(true);
    let (tx, rx) = std::sync::mpsc::channel();
    let asking = std::thread::spawn(move || {
        let _ = tx.send(ask());
    });
    loop {
        if let Some(signal) = requested() {
            restore_terminal();
            prompting(false);
            return Err(signal);
        }
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(answer) => {
                prompting(false);
                return Ok(answer);
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                // The prompt panicked: the same panic here.
                restore_terminal();
                prompting(false);
                if let Err(panic) = asking.join() {
                    std::panic::resume_unwind(panic);
                }
                unreachable!("a prompt thread that ended without a panic sent its answer");
            }
        }
    }
}

/// Mark a confirmation prompt as open (saving the terminal's modes) or closed.
fn prompting(open: bool) {
    if open {
        if let Ok(mut saved) = TERMINAL.lock() {
            *saved = nix::sys::termios::tcgetattr(std::io::stdin()).ok();
        }
    }
    PROMPTING.store(open, Ordering::SeqCst);
}

/// Put back what a prompt or progress bar changed: terminal modes and the cursor.
pub fn restore_terminal() {
    if PROMPTING.load(Ordering::SeqCst) {
        if let Ok(saved) = TERMINAL.lock() {
            if let Some(modes) = saved.as_ref() {
                let _ = nix::sys::termios::tcsetattr(
                    std::io::stdin(),
                    nix::sys::termios::SetArg::TCSANOW,
                    modes,
                );
            }
        }
    }
    let term = console::Term::stderr();
    if term.is_term() {
        let _ = term.show_cursor();
    }
}

/// The command was interrupted before it changed anything (at a prompt).
#[derive(Debug, thiserror::Error)]
#[error("interrupted by {} at the confirmation prompt: nothing was changed", name(*.0))]
pub struct Interrupted(pub i32);
