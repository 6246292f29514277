//! Test fixture shared by the conninfo tests: a [`Context`] built by hand over a temp dir
//! (home, sysconfdir, two socket directories) and small helpers for expected values. It
//! holds no tests, and nothing in it is compiled outside `cfg(test)`.

use std::collections::HashMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use anyhow::Result;

use super::{resolve, ConnParams, Context, Host, Resolved, Secret};

/// A hand-built context over a temp dir: home/, etc/ (sysconfdir), and two empty
/// socket dirs; OS user "osuser"; empty environment.
pub(super) struct Fixture {
    dir: tempfile::TempDir,
    pub(super) ctx: Context,
}

impl Fixture {
    pub(super) fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["home", "etc", "run", "tmp"] {
            fs::create_dir(dir.path().join(sub)).unwrap();
        }
        let ctx = Context {
            env: HashMap::new(),
            home: Some(dir.path().join("home")),
            os_user: "osuser".into(),
            sysconfdir: Some(dir.path().join("etc")),
            socket_dir: dir.path().join("run"),
        };
        Fixture { dir, ctx }
    }

    pub(super) fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Write `rel` (relative to the temp dir) with `mode`.
    pub(super) fn write(&self, rel: &str, content: &str, mode: u32) -> PathBuf {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&path, content).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
        path
    }

    pub(super) fn env(mut self, vars: &[(&str, &str)]) -> Fixture {
        for (k, v) in vars {
            self.ctx.env.insert(k.to_string(), v.to_string());
        }
        self
    }

    pub(super) fn resolve(&self, dsn: &str) -> Result<Resolved> {
        resolve(Some(dsn), &self.ctx)
    }

    pub(super) fn params(&self, dsn: &str) -> ConnParams {
        match self.resolve(dsn) {
            Ok(r) => r.params,
            Err(e) => panic!("resolve({dsn:?}) failed: {e:#}"),
        }
    }

    pub(super) fn error(&self, dsn: &str) -> String {
        match self.resolve(dsn) {
            Ok(r) => panic!("resolve({dsn:?}) succeeded: {:?}", r.params),
            Err(e) => format!("{e:#}"),
        }
    }
}

/// Environment variables or files: (name, value) pairs.
pub(super) type Vars = &'static [(&'static str, &'static str)];

pub(super) fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

pub(super) fn tcp(h: &str) -> Host {
    Host::Tcp(h.into())
}

pub(super) fn hosts(p: &ConnParams) -> Vec<(Host, u16)> {
    p.endpoints
        .iter()
        .map(|e| (e.host.clone(), e.port))
        .collect()
}

pub(super) fn password(p: &ConnParams) -> Option<&str> {
    p.endpoints[0].password.as_ref().map(Secret::expose)
}
