//! The only writer of stdout, and of quell's own lines on stderr.
//!
//! Results go to stdout as tables (comfy-table) or as one JSON object; errors,
//! warnings and notes go to stderr prefixed `quell:`. A closed stream is not quell's
//! error: EPIPE (`quell … | head`) or EIO (a terminal that hung up) on stdout or
//! stderr is remembered ([`stdout_closed`]), later writes to it are skipped, and the
//! command ends with the exit code it had earned, as ripgrep does. Nothing here
//! panics on a write. Domain modules never print.

use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);

/// stdout was closed by its reader: loops that only print (`--watch`) stop.
pub fn stdout_closed() -> bool {
    STDOUT_CLOSED.load(Ordering::Relaxed)
}

fn is_closed(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe || e.raw_os_error() == Some(nix::libc::EIO)
}

use comfy_table::{presets, Attribute, Cell, Color, ContentArrangement, Table};
use serde::Serialize;

use crate::cli::OutputFormat;

/// How results are shown, resolved once from flags and environment.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub format: OutputFormat,
    pub color: bool,
    /// stdout is a terminal (redraws clear the screen only then).
    pub tty: bool,
}

impl Output {
    /// `--no-color`, `NO_COLOR` (any non-empty value) and a non-terminal stdout all turn color off.
    pub fn new(format: OutputFormat, no_color_flag: bool, no_color_env: bool) -> Output {
        let tty = io::stdout().is_terminal();
        let color = !no_color_flag && !no_color_env && tty;
        Output { format, color, tty }
    }

    pub fn is_json(&self) -> bool {
        self.format == OutputFormat::Json
    }

    /// One JSON document, pretty-printed, newline-terminated.
    pub fn json<T: Serialize>(&self, value: &T) -> anyhow::Result<()> {
        let text = serde_json::to_string_pretty(value)?;
        write_stdout(format!("{text}\n").as_bytes())
    }

    /// One JSON document on one line (a stream of snapshots, `--watch -o json`).
    pub fn json_line<T: Serialize>(&self, value: &T) -> anyhow::Result<()> {
        let text = serde_json::to_string(value)?;
        write_stdout(format!("{text}\n").as_bytes())
    }

    /// Clear the terminal before a redraw; off a terminal frames simply follow each other.
    pub fn clear_screen(&self) -> anyhow::Result<()> {
        if self.tty {
            write_stdout(b"\x1b[H\x1b[2J")?;
        }
        Ok(())
    }

    /// Plain text to stdout; a trailing newline is added.
    pub fn text(&self, text: &str) -> anyhow::Result<()> {
        write_stdout(format!("{text}\n").as_bytes())
    }

    /// Raw bytes to stdout (completions, man page).
    pub fn bytes(&self, bytes: &[u8]) -> anyhow::Result<()> {
        write_stdout(bytes)
    }

    /// A table styled the quell way, with `header` in bold.
    pub fn table(&self, header: &[&str]) -> Table {
        let mut table = Table::new();
        table
            .load_preset(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic);
        if !self.color {
            table.force_no_tty();
        } else {
            table.enforce_styling();
        }
        table.set_header(
            header
                .iter()
                .map(|h| Cell::new(h).add_attribute(Attribute::Bold)),
        );
        table
    }

    /// A cell colored by how bad `level` is (0 fine, 1 warning, 2 critical).
    pub fn level_cell(&self, text: impl ToString, level: u8) -> Cell {
        let cell = Cell::new(text.to_string());
        match level {
            0 => cell,
            1 => cell.fg(Color::Yellow),
            _ => cell.fg(Color::Red).add_attribute(Attribute::Bold),
        }
    }
}

/// The live area on stderr (a playbook run's step spinners and bars), when stderr
/// is a terminal: every line quell prints goes above it, never through it.
static LIVE: std::sync::OnceLock<indicatif::MultiProgress> = std::sync::OnceLock::new();

/// Start the live area (once; only on a terminal) and return it.
pub fn live() -> Option<&'static indicatif::MultiProgress> {
    if !io::stderr().is_terminal() {
        return None;
    }
    Some(LIVE.get_or_init(indicatif::MultiProgress::new))
}

/// A progress bar in the live area on a terminal (off one, the bar as it is).
pub fn live_bar(bar: indicatif::ProgressBar) -> indicatif::ProgressBar {
    match live() {
        Some(live) => live.add(bar),
        None => bar,
    }
}

thread_local! {
    /// This thread is inside [`above_live`]: the live area is already out of the way
    /// (suspending it again would wait on its own lock).
    static ABOVE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Run `f` (a print, or a prompt's wait) with the live area, if any, out of the way:
/// cleared before, drawn again after. Reentrant.
pub fn above_live<T>(f: impl FnOnce() -> T) -> T {
    match LIVE.get() {
        Some(live) if !ABOVE.get() => {
            ABOVE.set(true);
            let result = live.suspend(f);
            ABOVE.set(false);
            result
        }
        _ => f(),
    }
}

fn write_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    above_live(|| write_stdout_now(bytes))
}

fn write_stdout_now(bytes: &[u8]) -> anyhow::Result<()> {
    if stdout_closed() {
        return Ok(());
    }
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if is_closed(&e) => {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
            Ok(())
        }
        Err(e) => Err(anyhow::Error::from(e).context("writing the report to stdout")),
        Ok(()) => Ok(()),
    }
}

/// One line to stderr; a closed or failing stderr is remembered and ignored (there is
/// nowhere left to say anything).
fn write_stderr(line: &str) {
    above_live(|| write_stderr_now(line));
}

fn write_stderr_now(line: &str) {
    if STDERR_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut err = io::stderr().lock();
    if err.write_all(format!("{line}\n").as_bytes()).is_err() {
        STDERR_CLOSED.store(true, Ordering::Relaxed);
    }
}

/// "1 role", "3 roles": a count with its noun (regular plurals only).
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `quell: error: …` on stderr.
pub fn error(message: &str) {
    write_stderr(&format!("quell: error: {message}"));
}

/// `quell: warning: …` on stderr.
pub fn warn(message: &str) {
    write_stderr(&format!("quell: warning: {message}"));
}

/// `quell: …` on stderr: a per-item failure in a bulk or fleet run, or a note.
pub fn note(message: &str) {
    write_stderr(&format!("quell: {message}"));
}

/// At most `max` names, then how many more: an error about many things stays one
/// readable line ("a, b, c and 180 more").
pub fn some(names: &[impl AsRef<str>], max: usize) -> String {
    let shown: Vec<&str> = names.iter().take(max).map(AsRef::as_ref).collect();
    match names.len().saturating_sub(max) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

/// How the operator selected targets (`-c`, `-t`, `--dsn`), so that every command
/// quell suggests reaches the same servers: with no config, quell falls back on the
/// libpq defaults, and advice without the selection would send people there.
#[derive(Debug, Default, Clone)]
pub struct Selection {
    pub config: Option<String>,
    pub targets: Vec<String>,
    pub dsn: Option<String>,
    /// The config's target names (a target by another name came from `--dsn` or
    /// the libpq defaults and cannot be named with `-t`).
    pub named: Vec<String>,
}

static SELECTION: std::sync::Mutex<Option<Selection>> = std::sync::Mutex::new(None);

/// Record this invocation's selection (once its config is loaded).
pub fn set_selection(selection: Selection) {
    if let Ok(mut s) = SELECTION.lock() {
        *s = Some(selection);
    }
}

fn selection() -> Selection {
    SELECTION
        .lock()
        .ok()
        .and_then(|s| s.clone())
        .unwrap_or_default()
}

/// quell as it was run, with the same `-c`/`-t`/`--dsn`: the prefix of a suggested
/// command about the whole selection (a DSN holding a password shows as `--dsn DSN`).
pub fn rerun() -> String {
    let s = selection();
    let mut parts = vec![invocation()];
    if let Some(c) = &s.config {
        parts.push(format!("-c {}", shell_quote(c)));
    }
    for t in &s.targets {
        parts.push(format!("-t {}", shell_quote(t)));
    }
    if let Some(d) = &s.dsn {
        parts.push(dsn_flag(d));
    }
    parts.join(" ")
}

/// quell as it was run, pointed at `target` alone: the prefix of a suggestion about
/// one target (a backend pid, a role) in a run over several.
pub fn rerun_on(target: &str) -> String {
    let s = selection();
    let mut parts = vec![invocation()];
    if let Some(c) = &s.config {
        parts.push(format!("-c {}", shell_quote(c)));
    }
    match &s.dsn {
        Some(d) => parts.push(dsn_flag(d)),
        None if s.named.iter().any(|n| n == target) || target == "sandbox" => {
            parts.push(format!("-t {}", shell_quote(target)));
        }
        None => {}
    }
    parts.join(" ")
}

/// Every `` `quell …` `` in `text` as `` `<prefix> …` ``.
pub fn with_prefix(text: &str, prefix: &str) -> String {
    text.replace("`quell ", &format!("`{prefix} "))
}

fn dsn_flag(dsn: &str) -> String {
    let secret = dsn.contains("password")
        || dsn.split_once("://").is_some_and(|(_, rest)| {
            rest.split(['/', '?'])
                .next()
                .unwrap_or("")
                .split_once('@')
                .is_some_and(|(auth, _)| auth.contains(':'))
        });
    match secret {
        true => "--dsn DSN".to_string(),
        false => format!("--dsn {}", shell_quote(dsn)),
    }
}

/// `s` as one shell word.
fn shell_quote(s: &str) -> String {
    let plain = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=@,+".contains(&b));
    match plain {
        true => s.to_string(),
        false => format!("'{}'", s.replace('\'', "'\\''")),
    }
}

/// How quell was invoked, for the commands it suggests: `cargo run --` (or
/// `cargo run --release --`) under cargo, `quell` when that is what `PATH` finds,
/// else the path it was run by.
pub fn invocation() -> String {
    let exe = std::env::args_os()
        .next()
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "quell".into());
    let shown = exe.display().to_string();
    if std::env::var_os("CARGO_MANIFEST_DIR").is_some() && shown.contains("/target/") {
        return if shown.contains("/release/") {
            "cargo run --release --".into()
        } else {
            "cargo run --".into()
        };
    }
    let Some(name) = exe.file_name().map(|n| n.to_string_lossy().to_string()) else {
        return shown;
    };
    if !shown.contains('/') {
        return name;
    }
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|d| d.join(&name))
            .find(|p| p.is_file())
    });
    let same = |a: &std::path::Path, b: &std::path::Path| matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y);
    match on_path {
        Some(found) if same(&found, &exe) => name,
        _ => shown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_repeat_the_selection_and_hide_a_password() {
        set_selection(Selection {
            config: Some("ops/quell.yaml".into()),
            targets: vec!["prod".into(), "staging".into()],
            dsn: None,
            named: vec!["prod".into(), "staging".into()],
        });
        let quell = invocation();
        assert_eq!(
            rerun(),
            format!("{quell} -c ops/quell.yaml -t prod -t staging")
        );
        assert_eq!(
            rerun_on("staging"),
            format!("{quell} -c ops/quell.yaml -t staging")
        );
        assert_eq!(
            with_prefix("see `quell locks` and `quell roles`", &rerun_on("prod")),
            format!("see `{quell} -c ops/quell.yaml -t prod locks` and `{quell} -c ops/quell.yaml -t prod roles`")
        );
        set_selection(Selection {
            dsn: Some("host=db1 user=oncall password=hunter2".into()),
            ..Selection::default()
        });
        assert_eq!(rerun_on("db1:5432/postgres"), format!("{quell} --dsn DSN"));
        set_selection(Selection::default());
        // The libpq defaults: nothing to repeat, and no -t for a name no config has.
        assert_eq!(rerun_on("127.0.0.1:5432/postgres"), quell);
    }
}
