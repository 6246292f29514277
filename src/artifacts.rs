//! Generated artifacts: shell completions and the man pages, rendered from the clap
//! command tree. The committed copies under `completions/` and `man/` are checked by
//! a test.

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

/// Every man page, in roff, with its file name: `quell.1`, then one per command and
/// subcommand (`quell-doctor.1`, `quell-tenants-suspend.1`, …), the pages the top
/// one refers to. What `clap_mangen::generate_to` writes, kept in memory.
pub fn man_pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    fn walk(cmd: &clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
        // Every page's source is quell and its version, not the subcommand's name.
        let man = clap_mangen::Man::new(cmd.clone())
            .source(concat!("quell ", env!("CARGO_PKG_VERSION")))
            .manual("quell manual");
        let mut page = Vec::new();
        man.render(&mut page)?;
        pages.push((man.get_filename(), page));
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, pages)?;
        }
        Ok(())
    }
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    walk(&cmd, &mut pages)?;
    Ok(pages)
}
