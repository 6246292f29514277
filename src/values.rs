//! Value types the configuration and the domains share, below both: durations
//! written the human way, scalar parsing that keeps YAML positions, and where quell
//! keeps its local state. The config model sits above the domains and nothing here
//! points back up.

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

use crate::db::conninfo::Context;

/// A duration written the human way in YAML: `5s`, `250ms`, `2m`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HumanDuration(pub Duration);

impl<'de> Deserialize<'de> for HumanDuration {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        scalar(de, "a duration such as 5s, 250ms or 2m", |text| {
            parse_duration(text)
                .map(HumanDuration)
                .map_err(|e| e.to_string())
        })
    }
}

/// Deserialize a string scalar through `parse`, failing *while the scalar is read*, so
/// the error carries the scalar's own line, column and key rather than its parent's.
pub fn scalar<'de, D, T>(
    de: D,
    expecting: &'static str,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct Scalar<P>(&'static str, P);
    impl<'de, T, P: FnOnce(&str) -> Result<T, String>> serde::de::Visitor<'de> for Scalar<P> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            (self.1)(v).map_err(E::custom)
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<T, E> {
            self.visit_str(&v.to_string())
        }
    }
    de.deserialize_str(Scalar(expecting, parse))
}

/// Parse `5s`, `250ms`, `2m`, `1h30m`; a bare number is seconds.
pub fn parse_duration(text: &str) -> anyhow::Result<Duration> {
    let text = text.trim();
    if let Ok(secs) = text.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    // humantime's own message lists its unit spellings "(and few variations)": say
    // what to write instead.
    humantime::parse_duration(text).map_err(|_| {
        anyhow::anyhow!(
            "invalid duration {text:?}: write a number and a unit, e.g. 5s, 250ms, 2m or 1h30m"
        )
    })
}

/// quell's config directory: `$XDG_CONFIG_HOME/quell`, else `~/.config/quell`.
pub fn config_dir(ctx: &Context) -> Option<PathBuf> {
    xdg_dir(ctx, "XDG_CONFIG_HOME", &[".config"])
}

/// quell's state directory: `$XDG_STATE_HOME/quell`, else `~/.local/state/quell`
/// (journals of notices and playbook runs).
pub fn state_dir(ctx: &Context) -> Option<PathBuf> {
    xdg_dir(ctx, "XDG_STATE_HOME", &[".local", "state"])
}

/// `$VAR/quell` when `VAR` is set and not empty, else `~/<default…>/quell`.
fn xdg_dir(ctx: &Context, var: &str, default: &[&str]) -> Option<PathBuf> {
    ctx.env
        .get(var)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            ctx.home
                .as_ref()
                .map(|h| default.iter().fold(h.clone(), |p, d| p.join(d)))
        })
        .map(|d| d.join("quell"))
}
