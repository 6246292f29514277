//! Confirmation before a change: `--yes` approves; in a terminal the operator is
//! asked on stderr (dialoguer); with neither, quell refuses (exit 3). It never
//! hangs waiting for input that cannot come, and never proceeds silently.

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
                let approved = dialoguer::Confirm::new()
                    .with_prompt(format!("{}?", capitalize(what)))
                    .default(false)
                    .interact()
                    .unwrap_or(false);
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
