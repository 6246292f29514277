//! The documentation stays true to the command line: every `$ quell …` example in
//! the README and `docs/` parses with the real clap tree, every playbook shown
//! validates, and nothing in the repository's docs points outside it.

use clap::Parser as _;
use quell::cli::Cli;

/// README.md and every page under docs/.
fn pages() -> Vec<(String, String)> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut paths = vec![std::path::PathBuf::from(format!("{root}/README.md"))];
    let mut dirs = vec![std::path::PathBuf::from(format!("{root}/docs"))];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text =
                std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (
                p.strip_prefix(root).unwrap_or(&p).display().to_string(),
                text,
            )
        })
        .collect()
}

/// The quell invocations on one shell line: each `&&`/`|`/`;`-separated command
/// that runs quell (`quell …`, `cargo run [--release] -- …`), as its arguments,
/// without redirections and comments.
fn invocations(line: &str) -> Vec<Vec<String>> {
    let line = match line.find(" #") {
        Some(i) => &line[..i],
        None => line,
    };
    let words = shell_words::split(line).unwrap_or_else(|e| panic!("{line:?}: {e}"));
    let mut commands = vec![Vec::new()];
    for w in words {
        match w.as_str() {
            "&&" | "||" | "|" | ";" => commands.push(Vec::new()),
            _ => match w.strip_suffix(';') {
                Some(w) => {
                    commands
                        .last_mut()
                        .expect("one command")
                        .push(w.to_string());
                    commands.push(Vec::new());
                }
                None => commands.last_mut().expect("one command").push(w),
            },
        }
    }
    commands
        .into_iter()
        .filter_map(|mut words| {
            // Redirections: `> file`, `2>&1`, `>file`.
            let mut i = 0;
            while i < words.len() {
                let w = &words[i];
                if w == ">" || w == ">>" || w == "<" || w == "2>" {
                    words.drain(i..(i + 2).min(words.len()));
                } else if w.starts_with('>') || w.starts_with("2>") || w.starts_with('<') {
                    words.remove(i);
                } else {
                    i += 1;
                }
            }
            while words
                .first()
                .is_some_and(|w| w.contains('=') && !w.starts_with('-'))
            {
                words.remove(0);
            }
            match words.first().map(String::as_str) {
                Some("quell") => Some(words[1..].to_vec()),
                Some("cargo") if words.get(1).is_some_and(|w| w == "run") => {
                    let dashes = words.iter().position(|w| w == "--")?;
                    Some(words[dashes + 1..].to_vec())
                }
                _ => None,
            }
        })
        .collect()
}

#[test]
fn every_example_command_in_the_docs_parses() {
    let mut checked = 0;
    let mut problems = Vec::new();
    for (page, text) in pages() {
        let mut fence: Option<String> = None;
        for (n, line) in text.lines().enumerate() {
            if let Some(rest) = line.trim_start().strip_prefix("```") {
                fence = match fence {
                    Some(_) => None,
                    None => Some(rest.to_string()),
                };
                continue;
            }
            let Some(kind) = &fence else { continue };
            let command = match line.strip_prefix("$ ") {
                Some(c) => c,
                // A bare shell block's lines are commands too (the README's first
                // two), and so is a line of a block that begins with quell.
                None if kind == "sh" || line.starts_with("quell ") => line,
                None => continue,
            };
            for args in invocations(command) {
                checked += 1;
                let argv = std::iter::once("quell".to_string()).chain(args.iter().cloned());
                if let Err(e) = Cli::try_parse_from(argv) {
                    let fine = matches!(
                        e.kind(),
                        clap::error::ErrorKind::DisplayHelp
                            | clap::error::ErrorKind::DisplayVersion
                    );
                    if !fine {
                        let first = e.to_string().lines().next().unwrap_or("").to_string();
                        problems.push(format!(
                            "{page}:{}: `quell {}`: {first}",
                            n + 1,
                            args.join(" ")
                        ));
                    }
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "examples that do not parse:\n{}",
        problems.join("\n")
    );
    assert!(
        checked >= 30,
        "only {checked} examples found: is the extraction broken?"
    );
}

#[test]
fn the_docs_point_nowhere_outside_the_repository() {
    let root = env!("CARGO_MANIFEST_DIR");
    for (page, text) in pages() {
        // Design notes that live beside the repository, not in it (spelled in
        // pieces so this file does not match itself).
        for outside in [concat!("DESIGN", ".md"), concat!("..", "/shared")] {
            assert!(
                !text.contains(outside),
                "{page} refers to {outside}, which is not in the repository"
            );
        }
        // Relative links resolve to files that exist.
        let dir = std::path::Path::new(root).join(&page);
        let dir = dir.parent().expect("a page's directory");
        for (i, _) in text.match_indices("](") {
            let target = &text[i + 2..];
            let Some(end) = target.find(')') else {
                continue;
            };
            let target = target[..end].split('#').next().unwrap_or("");
            if target.is_empty() || target.contains("://") {
                continue;
            }
            assert!(
                dir.join(target).exists(),
                "{page}: link to {target}, which does not exist"
            );
        }
    }
}

/// Every whole playbook shown in the docs (a ```yaml block with `version: 1`) is
/// valid: `quell playbook validate` accepts it.
#[test]
fn every_playbook_in_the_docs_validates() {
    let mut checked = 0;
    for (page, text) in pages() {
        for (i, block) in text.split("```yaml\n").skip(1).enumerate() {
            let Some((yaml, _)) = block.split_once("```") else {
                continue;
            };
            if !yaml.lines().any(|l| l == "version: 1") {
                continue;
            }
            let run = crate::support::Quell::new()
                .file("book.yaml", yaml, 0o644)
                .args(["playbook", "validate", "book.yaml"])
                .run();
            assert_eq!(
                run.code,
                0,
                "{page}, yaml block {}: {}{}",
                i + 1,
                run.stdout,
                run.stderr
            );
            checked += 1;
        }
    }
    assert!(checked >= 1, "no playbook found in the docs");
}
