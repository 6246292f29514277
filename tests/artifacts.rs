//! Generated files stay in step with the command tree; unbuilt commands say so.

use clap_complete::Shell;
use quell::artifacts::{completion_file, completions, man_pages};

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
fn committed_man_pages_match_the_command_tree_and_every_reference_exists() {
    let dir = format!("{}/man", env!("CARGO_MANIFEST_DIR"));
    let regenerate = "regenerate with: rm -rf man && cargo run -q -- man --dir man";
    let pages = man_pages().expect("rendering the man pages");
    let mut committed: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}; {regenerate}"))
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    committed.sort();
    let mut names: Vec<String> = pages.iter().map(|(n, _)| n.clone()).collect();
    names.sort();
    assert_eq!(committed, names, "man/ holds other pages; {regenerate}");
    assert!(
        names.contains(&"quell-tenants-suspend.1".to_string()),
        "{names:?}"
    );
    let mut references = 0;
    for (name, page) in &pages {
        let on_disk = std::fs::read(format!("{dir}/{name}")).unwrap_or_default();
        assert!(on_disk == *page, "man/{name} is out of date; {regenerate}");
        // Every page another one points at (`quell\-doctor(1)`) is there.
        let text = String::from_utf8_lossy(page).replace("\\-", "-");
        for (i, _) in text.match_indices("(1)") {
            let start = text[..i]
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .map_or(0, |p| p + 1);
            let referenced = format!("{}.1", &text[start..i]);
            if referenced.starts_with("quell") {
                references += 1;
                assert!(
                    names.contains(&referenced),
                    "man/{name} refers to {referenced}, which does not exist"
                );
            }
        }
    }
    assert!(
        references >= names.len() - 1,
        "only {references} references seen"
    );
}

#[test]
fn completions_and_man_print() {
    let run = Quell::new().args(["completions", "bash"]).run().success();
    assert!(run.stdout.contains("_quell()"), "{}", run.stdout);
    let run = Quell::new().args(["man"]).run().success();
    assert!(run.stdout.contains(".TH quell"), "{}", run.stdout);
    let run = Quell::new()
        .args(["man", "tenants", "suspend"])
        .run()
        .success();
    assert!(
        run.stdout.contains(".TH quell-tenants-suspend 1"),
        "{}",
        run.stdout
    );
    let run = Quell::new().args(["man", "tenants", "nope"]).run().code(2);
    assert!(
        run.stderr.contains("no man page for `tenants nope`"),
        "{}",
        run.stderr
    );
    let dir = tempfile::tempdir().expect("a temp dir");
    let pages = dir.path().join("pages").display().to_string();
    let run = Quell::new().args(["man", "--dir", &pages]).run().success();
    assert!(run.stdout.starts_with("wrote 4"), "{}", run.stdout);
    assert!(dir.path().join("pages/quell-doctor.1").is_file());
}

#[test]
fn usage_error_exits_2() {
    let run = Quell::new()
        .args(["connections", "--no-such-flag"])
        .run()
        .code(2);
    assert!(run.stderr.contains("--no-such-flag"), "{}", run.stderr);
}
