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

fn write_stdout(bytes: &[u8]) -> anyhow::Result<()> {
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
