//! Exit codes and the typed errors that choose them. Everything else is an
//! `anyhow::Error` and exits 2.

use std::process::ExitCode;

/// How quell ends: 0 ok, 1 a check found what `--fail-on` names, 2 error, 3 refused
/// or aborted by the operator, 128 + N stopped by signal N after saying what was done
/// and what remains (130 SIGINT, 143 SIGTERM, 129 SIGHUP).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    Found = 1,
    Error = 2,
    Refused = 3,
    HungUp = 129,
    Interrupted = 130,
    Terminated = 143,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// The operator declined a confirmation, or there was no terminal to ask and no `--yes`.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

/// Print `quell: error: …` (the whole chain, on one line) and choose the exit code.
pub fn report(err: &anyhow::Error) -> Exit {
    if let Some(interrupted) = err.downcast_ref::<crate::interrupt::Interrupted>() {
        crate::output::note(&interrupted.to_string());
        return crate::interrupt::exit_code(interrupted.0);
    }
    crate::output::error(&chain(err));
    if err.downcast_ref::<Refused>().is_some() {
        Exit::Refused
    } else {
        Exit::Error
    }
}

/// An error with its whole context chain, on one line: what every report, fleet
/// entry and journal shows of a failure.
pub fn chain(err: &anyhow::Error) -> String {
    one_line(&format!("{err:#}"))
}

/// Server messages carry DETAIL and HINT on lines of their own; an error is one line.
pub fn one_line(text: &str) -> String {
    text.split('\n')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}
