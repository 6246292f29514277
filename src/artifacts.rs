//! Generated artifacts: shell completions and the man page, rendered from the clap
//! command tree. The committed copies under `completions/` are checked by a test.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

/// Completions for `shell`, as committed under `completions/`.
pub fn completions(shell: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "quell", &mut out);
    out
}

/// The committed file name of each shell's completions.
pub fn completion_file(shell: Shell) -> &'static str {
    match shell {
        Shell::Bash => "quell.bash",
        Shell::Zsh => "_quell",
        Shell::Fish => "quell.fish",
        Shell::PowerShell => "_quell.ps1",
        Shell::Elvish => "quell.elv",
        _ => "quell.unknown",
    }
}

/// The man page, in roff.
pub fn man() -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    Ok(out)
}
