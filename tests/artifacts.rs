//! Generated files stay in step with the command tree; unbuilt commands say so.

use clap_complete::Shell;
use quell::artifacts::{completion_file, completions};

use crate::support::Quell;

#[test]
fn committed_completions_match_the_command_tree() {
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::PowerShell,
        Shell::Elvish,
    ] {
        let file = completion_file(shell);
        let path = format!("{}/completions/{file}", env!("CARGO_MANIFEST_DIR"));
        let committed = std::fs::read(&path).unwrap_or_default();
        assert!(
            committed == completions(shell),
            "completions/{file} is out of date; regenerate with: cargo run -q -- completions {shell} > completions/{file}"
        );
    }
}

#[test]
fn completions_and_man_print() {
    let run = Quell::new().args(["completions", "bash"]).run().success();
    assert!(run.stdout.contains("_quell()"), "{}", run.stdout);
    let run = Quell::new().args(["man"]).run().success();
    assert!(run.stdout.contains(".TH quell"), "{}", run.stdout);
}

#[test]
fn usage_error_exits_2() {
    let run = Quell::new()
        .args(["connections", "--no-such-flag"])
        .run()
        .code(2);
    assert!(run.stderr.contains("--no-such-flag"), "{}", run.stderr);
}
