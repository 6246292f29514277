//! The only writer of stdout, and of quell's own lines on stderr.
//!
//! Results go to stdout as tables (comfy-table) or as one JSON object; errors,
//! warnings and notes go to stderr prefixed `quell:`. A closed pipe (`quell … | head`)
//! ends output quietly instead of panicking. Domain modules never print.
#![allow(clippy::print_stderr)]

use std::io::{self, IsTerminal, Write};

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
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
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
    eprintln!("quell: error: {message}");
}

/// `quell: warning: …` on stderr.
pub fn warn(message: &str) {
    eprintln!("quell: warning: {message}");
}

/// `quell: …` on stderr: a per-item failure in a bulk or fleet run, or a note.
pub fn note(message: &str) {
    eprintln!("quell: {message}");
}
