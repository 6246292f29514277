//! Confirmation before a change: `--yes` approves; in a terminal the operator is
//! asked on stderr (dialoguer); with neither, quell refuses (exit 3). It never
//! hangs waiting for input that cannot come, and never proceeds silently. Ctrl-C at
//! the prompt restores the terminal and exits 130 (`interrupt`); a terminal that
//! hung up is a refusal.

use std::io::IsTerminal;

use crate::error::Refused;

/// How a confirmation can be answered in this invocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approval {
    /// `--yes` was given.
    Given,
    /// A person can be asked (stdin and stderr are terminals).
    Ask,
    /// Nobody to ask and no `--yes`: refuse.
    Refuse,
}

impl Approval {
    pub fn from_flags(yes: bool) -> Approval {
        if yes {
            Approval::Given
        } else if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
            Approval::Ask
        } else {
            Approval::Refuse
        }
    }

    /// Ok when approved; a [`Refused`] error (exit 3) otherwise. `what` completes
    /// "refusing to …" and the prompt, e.g. "terminate 3 backends on prod".
    pub fn confirm(self, what: &str) -> anyhow::Result<()> {
        match self {
            Approval::Given => Ok(()),
            Approval::Refuse => Err(Refused(format!(
                "refusing to {what}: no terminal to confirm on; pass --yes to approve"
            ))
            .into()),
            Approval::Ask => {
                let prompt = format!("{}?", capitalize(what));
                let answer = crate::interrupt::prompt(move || {
                    dialoguer::Confirm::new()
                        .with_prompt(prompt)
                        .default(false)
                        .interact()
                })
                .map_err(crate::interrupt::Interrupted)?;
                // ^C typed at the prompt: dialoguer (console) reports it as an
                // interrupted read and raises SIGINT, which the signal thread may not
                // have seen yet.
                let ctrl_c = matches!(&answer, Err(dialoguer::Error::IO(e)) if e.kind() == std::io::ErrorKind::Interrupted);
                if let Some(signal) =
                    crate::interrupt::requested().or(ctrl_c.then_some(signal_hook::consts::SIGINT))
                {
                    crate::interrupt::restore_terminal();
                    return Err(crate::interrupt::Interrupted(signal).into());
                }
                let approved = match answer {
                    Ok(yes) => yes,
                    Err(_) => {
                        crate::interrupt::restore_terminal();
                        false
                    }
                };
                if approved {
                    Ok(())
                } else {
                    Err(Refused(format!("not approved: {what}")).into())
                }
            }
        }
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
