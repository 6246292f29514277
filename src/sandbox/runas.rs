//! Which OS user the server-side commands run as, and how they are spawned.
//!
//! This file owns the root handling: initdb and pg_ctl refuse to run as root,
//! so as root every server-side command (initdb, pg_ctl, psql, the watchdog)
//! runs as the `postgres` OS user (or, for an attached cluster, the owner of
//! its data directory) and the cluster directory is chowned to it. As a
//! normal user everything runs as that user. It also owns the sanitised child
//! environment (no inherited PG* variables, HOME and cwd set to the cluster
//! directory) and running a command to completion with a readable error. It
//! does not know what the commands are for (that is `cluster.rs`).

use std::ffi::OsStr;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use anyhow::{bail, Context};
use nix::unistd::{Gid, Uid, User};

/// The OS user server-side commands run as.
#[derive(Debug, Clone)]
pub(crate) struct ServerUser {
    /// `Some` when we are root and must switch to this uid/gid.
    switch_to: Option<(Uid, Gid)>,
    /// For messages.
    name: String,
}

impl ServerUser {
    /// The user a new cluster's server runs as: ourselves, or the `postgres`
    /// OS user when we are root.
    pub(crate) fn for_new_cluster() -> anyhow::Result<Self> {
        if !nix::unistd::geteuid().is_root() {
            return Ok(Self::current());
        }
        let user = User::from_name("postgres").context("looking up the `postgres` OS user")?;
        Self::root_switching_to(user)
    }

    /// As root: the server user is `postgres_user` (the result of looking up
    /// the `postgres` OS user), which must exist and not be root itself.
    pub(crate) fn root_switching_to(postgres_user: Option<User>) -> anyhow::Result<Self> {
        let Some(user) = postgres_user else {
            bail!("running as root: initdb refuses root and there is no `postgres` OS user; create one (useradd --system postgres) or run as a normal user");
        };
        if user.uid.is_root() {
            bail!("running as root: the `postgres` OS user has uid 0, and initdb refuses root; give it its own uid or run as a normal user");
        }
        Ok(ServerUser {
            switch_to: Some((user.uid, user.gid)),
            name: user.name,
        })
    }

    /// The user an existing data directory's server runs as: ourselves, or
    /// (as root) the owner of `data_dir`.
    pub(crate) fn owner_of(data_dir: &Path) -> anyhow::Result<Self> {
        if !nix::unistd::geteuid().is_root() {
            return Ok(Self::current());
        }
        let meta = std::fs::metadata(data_dir)
            .with_context(|| format!("reading the owner of {}", data_dir.display()))?;
        let uid = Uid::from_raw(meta.uid());
        if uid.is_root() {
            bail!(
                "{} is owned by root, but postgres refuses to run as root: chown it to the server's OS user",
                data_dir.display()
            );
        }
        let name = User::from_uid(uid)
            .ok()
            .flatten()
            .map_or_else(|| format!("uid {uid}"), |u| u.name);
        Ok(ServerUser {
            switch_to: Some((uid, Gid::from_raw(meta.gid()))),
            name,
        })
    }

    fn current() -> Self {
        let uid = nix::unistd::geteuid();
        let name = User::from_uid(uid)
            .ok()
            .flatten()
            .map_or_else(|| format!("uid {uid}"), |u| u.name);
        ServerUser {
            switch_to: None,
            name,
        }
    }

    /// The OS user's name (for messages).
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// A command for `program` that runs as this user with a clean
    /// environment: no inherited PG* variables, `HOME` and the working
    /// directory set to `home` (root's home is not readable to the server
    /// user), C locale, stdin from /dev/null.
    pub(crate) fn command(&self, program: &Path, home: &Path) -> Command {
        let mut cmd = Command::new(program);
        for (key, _) in std::env::vars_os() {
            if is_pg_env_var(&key) {
                cmd.env_remove(key);
            }
        }
        cmd.env("HOME", home)
            .env("LC_ALL", "C")
            .current_dir(home)
            .stdin(Stdio::null());
        if let Some((uid, gid)) = self.switch_to {
            // std clears the supplementary groups when it switches uid as root.
            cmd.uid(uid.as_raw()).gid(gid.as_raw());
        }
        cmd
    }

    /// Give `path` (not following symlinks) to this user; no-op unless root.
    pub(crate) fn chown(&self, path: &Path) -> anyhow::Result<()> {
        if let Some((uid, gid)) = self.switch_to {
            std::os::unix::fs::lchown(path, Some(uid.as_raw()), Some(gid.as_raw()))
                .with_context(|| format!("chowning {} to {}", path.display(), self.name))?;
        }
        Ok(())
    }

    /// Give `root` and everything under it to this user; no-op unless root.
    pub(crate) fn chown_tree(&self, root: &Path) -> anyhow::Result<()> {
        if self.switch_to.is_none() {
            return Ok(());
        }
        let mut stack = vec![root.to_path_buf()];
        while let Some(path) = stack.pop() {
            self.chown(&path)?;
            let meta = std::fs::symlink_metadata(&path)
                .with_context(|| format!("inspecting {}", path.display()))?;
            if meta.is_dir() {
                for entry in std::fs::read_dir(&path)
                    .with_context(|| format!("listing {}", path.display()))?
                {
                    let entry = entry.with_context(|| format!("listing {}", path.display()))?;
                    stack.push(entry.path());
                }
            }
        }
        Ok(())
    }

    /// As root, check the server user can reach `dir` through its ancestors
    /// (e.g. a sandbox under /root cannot work), so the failure is a clear
    /// message rather than an initdb permission error.
    pub(crate) fn check_can_reach(&self, dir: &Path) -> anyhow::Result<()> {
        let Some((uid, gid)) = self.switch_to else {
            return Ok(());
        };
        for ancestor in dir.ancestors().skip(1) {
            if ancestor.as_os_str().is_empty() {
                continue;
            }
            let meta = std::fs::metadata(ancestor)
                .with_context(|| format!("inspecting {}", ancestor.display()))?;
            let mode = meta.permissions().mode();
            let traversable = if meta.uid() == uid.as_raw() {
                mode & 0o100 != 0
            } else if meta.gid() == gid.as_raw() {
                mode & 0o010 != 0
            } else {
                mode & 0o001 != 0
            };
            if !traversable {
                bail!(
                    "running as root: the server runs as OS user `{}`, which cannot reach {} because {} (mode {:o}) is not traversable by it; put the sandbox under /tmp or /var/tmp, or `chmod o+x {}`",
                    self.name,
                    dir.display(),
                    ancestor.display(),
                    mode & 0o7777,
                    ancestor.display()
                );
            }
        }
        Ok(())
    }
}

/// `true` for environment variables libpq or the server tools would read
/// (PGHOST, PGDATA, PGOPTIONS, ...), which children must not inherit.
fn is_pg_env_var(name: &OsStr) -> bool {
    name.as_encoded_bytes().starts_with(b"PG")
}

/// Run `cmd` to completion; a non-zero exit is an error carrying `what`, the
/// exit status and the command's stderr (or stdout when stderr is empty).
pub(crate) fn run(cmd: &mut Command, what: &str) -> anyhow::Result<Output> {
    tracing::debug!(command = ?cmd, "{what}");
    let output = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .with_context(|| format!("{what}: could not run {}", program_name(cmd).display()))?;
    if !output.status.success() {
        bail!(
            "{what} failed ({}): {}",
            output.status,
            output_text(&output)
        );
    }
    Ok(output)
}

/// The program's path, for messages.
pub(crate) fn program_name(cmd: &Command) -> PathBuf {
    PathBuf::from(cmd.get_program())
}

/// The trimmed stderr of `output`, or its stdout if stderr is empty.
pub(crate) fn output_text(output: &Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stderr = stderr.trim();
    if stderr.is_empty() {
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    } else {
        stderr.to_string()
    }
}
