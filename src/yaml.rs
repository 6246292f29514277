//! Reading quell's YAML files (the config, and playbooks after it) within bounds.
//!
//! A file is a regular file of at most [`MAX_FILE_BYTES`], in UTF-8 (a byte-order mark
//! is dropped; UTF-16 and invalid bytes are named with their position), nested at
//! most [`MAX_DEPTH`] deep (checked by an iterative parser before libyaml sees it,
//! since a deep flow collection costs libyaml quadratic time), and it expands, through aliases
//! and `${VAR}` values, to at most [`MAX_EXPANDED_BYTES`] of text and
//! [`MAX_EXPANDED_NODES`] values. `${VAR}` is replaced in every scalar value *as it is
//! deserialized* (a key is never interpolated), before the typed parsing of
//! durations, regexes and enum names, so a variable works wherever a string does and
//! still cannot change the document's structure. Errors carry `file:line:column` and
//! the key path.
//!
//! It does not know quell's config model: `config` gives it the type to fill.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::io::Read as _;
use std::path::Path;

use anyhow::{anyhow, bail, Context as _};
use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

/// The largest file quell reads as config or playbook.
pub const MAX_FILE_BYTES: u64 = 1 << 20;
/// The deepest nesting of collections.
pub const MAX_DEPTH: usize = 64;
/// Text a document may expand to through aliases and `${VAR}` values.
pub const MAX_EXPANDED_BYTES: usize = 4 << 20;
/// Values (scalars and collections) a document may expand to through aliases.
pub const MAX_EXPANDED_NODES: usize = 200_000;

/// Read `path` as quell's YAML: a regular file (or `/dev/null`, read as empty), within
/// [`MAX_FILE_BYTES`], in UTF-8, without its byte-order mark.
pub fn read(path: &Path, what: &str) -> anyhow::Result<String> {
    let shown = path.display();
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            bail!("{what} {shown} does not exist")
        }
        Err(e) => return Err(e).with_context(|| format!("reading {what} {shown}")),
    };
    let kind = meta.file_type();
    if kind.is_dir() {
        bail!("{what} {shown} is a directory, not a file");
    }
    if !kind.is_file() && path != Path::new("/dev/null") {
        use std::os::unix::fs::FileTypeExt as _;
        let is = if kind.is_fifo() {
            "a FIFO (named pipe)"
        } else if kind.is_socket() {
            "a socket"
        } else {
            "a device"
        };
        bail!("{what} {shown} is {is}, not a regular file");
    }
    if meta.len() > MAX_FILE_BYTES {
        bail!(
            "{what} {shown} is {} bytes: larger than the {} bytes quell reads",
            meta.len(),
            MAX_FILE_BYTES
        );
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .with_context(|| format!("reading {what} {shown}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        bail!("{what} {shown} is larger than the {MAX_FILE_BYTES} bytes quell reads");
    }
    decode(bytes).map_err(|e| anyhow!("{shown}{e}"))
}

/// UTF-8 without a byte-order mark; the error starts with `:line:col: ` or `: `.
fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(
            ": the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8"
                .into(),
        );
    }
    match String::from_utf8(bytes) {
        Ok(text) => {
            let text = match text.strip_prefix('\u{feff}') {
                Some(rest) => rest.to_string(),
                None => text,
            };
            if let Some(at) = text.find('\0') {
                let (line, col) = position(&text, at);
                let hint = if text.matches('\0').count() * 3 > text.len() {
                    " (it looks like UTF-16 without a byte-order mark; save it as UTF-8)"
                } else {
                    ""
                };
                return Err(format!(
                    ":{line}:{col}: a NUL byte, which YAML does not allow{hint}"
                ));
            }
            Ok(text)
        }
        Err(e) => {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            let (line, col) = position(&String::from_utf8_lossy(&bytes[..at]), at);
            let hint = if bytes.iter().take(64).filter(|b| **b == 0).count() > 4 {
                " (it looks like UTF-16)"
            } else {
                ""
            };
            Err(format!(
                ":{line}:{col}: not valid UTF-8 (byte 0x{:02X}){hint}; save the file as UTF-8",
                bytes[at]
            ))
        }
    }
}

/// Line and column (1-based, in characters) of byte `at` of `text`.
fn position(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// Byte offset of 1-based `line`/`col` (in characters) in `text`.
fn offset(text: &str, line: usize, col: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[start.min(text.len())..];
    start
        + rest
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// Nesting within [`MAX_DEPTH`] and no key repeated in a mapping, checked by a pass
/// of a second, iterative parser (saphyr's) that stops at the first collection too
/// deep: libyaml, under `serde_yaml`, spends time quadratic in the nesting of flow
/// collections before it reports anything. A document this pass cannot read is
/// refused with its error, so no document reaches libyaml unchecked. Returns the
/// line, column and message.
fn check_structure(text: &str) -> Result<(), (usize, usize, String)> {
    use saphyr_parser::{Event, Parser};
    /// An open collection; a mapping remembers its scalar keys to catch a repeated one
    /// (which serde would take silently, the last winning).
    enum Open {
        Seq,
        Map {
            keys: std::collections::HashSet<String>,
            key_next: bool,
        },
    }
    let mut stack: Vec<Open> = Vec::new();
    // Every node is a key or a value of the mapping it is in, in turn.
    let node = |stack: &mut Vec<Open>, key: Option<&str>, at: saphyr_parser::Marker| {
        if let Some(Open::Map { keys, key_next }) = stack.last_mut() {
            if *key_next {
                if let Some(key) = key {
                    if !keys.insert(key.to_string()) {
                        return Err((at.line(), at.col() + 1, format!("duplicate key `{key}`")));
                    }
                }
            }
            *key_next = !*key_next;
        }
        Ok(())
    };
    for item in Parser::new_from_str(text) {
        match item {
            Ok((Event::SequenceStart(..) | Event::MappingStart(..), span))
                if stack.len() >= MAX_DEPTH =>
            {
                return Err((span.start.line(), span.start.col() + 1, too_deep()));
            }
            Ok((Event::SequenceStart(..), span)) => {
                node(&mut stack, None, span.start)?;
                stack.push(Open::Seq);
            }
            Ok((Event::MappingStart(..), span)) => {
                node(&mut stack, None, span.start)?;
                stack.push(Open::Map {
                    keys: std::collections::HashSet::new(),
                    key_next: true,
                });
            }
            Ok((Event::SequenceEnd | Event::MappingEnd, _)) => {
                stack.pop();
            }
            Ok((Event::Scalar(value, ..), span)) => node(&mut stack, Some(&value), span.start)?,
            Ok((Event::Alias(_), span)) => node(&mut stack, None, span.start)?,
            Ok((Event::StreamEnd, _)) => break,
            Ok(_) => {}
            Err(e) => {
                let at = e.marker();
                let message = if e.info().contains("recursion limit") {
                    // saphyr's own bound, met while it looks ahead for a key.
                    too_deep()
                } else {
                    e.info().to_string()
                };
                return Err((at.line(), at.col() + 1, message));
            }
        }
    }
    Ok(())
}

/// Where each node of a document starts, by its path (`steps[2].with.orgs`): a
/// mapping entry at its key, a sequence item at the item. For messages about a
/// document that parsed (a playbook's checks): only its first document is read,
/// and a text that does not parse gives what was read before the error.
pub fn positions(text: &str) -> HashMap<String, (usize, usize)> {
    use saphyr_parser::{Event, Parser};
    enum Open {
        Seq(usize),
        Map(Option<String>),
    }
    let mut at = HashMap::new();
    // The open collections, each with the path of the node that holds it.
    let mut stack: Vec<(Open, String)> = Vec::new();
    // The path of the node that starts here, if it is a value (not a key); a key
    // is remembered by its mapping for the value after it.
    let mut place = |stack: &mut Vec<(Open, String)>, scalar: Option<&str>, line, col| {
        let Some((open, base)) = stack.last_mut() else {
            return Some(String::new());
        };
        let join = |key: &str| {
            if base.is_empty() {
                key.to_string()
            } else {
                format!("{base}.{key}")
            }
        };
        match open {
            Open::Seq(i) => {
                let path = format!("{base}[{i}]");
                *i += 1;
                at.entry(path.clone()).or_insert((line, col));
                Some(path)
            }
            Open::Map(key) => match key.take() {
                Some(k) => Some(join(&k)),
                None => {
                    let k = scalar.unwrap_or("?").to_string();
                    at.entry(join(&k)).or_insert((line, col));
                    *key = Some(k);
                    None
                }
            },
        }
    };
    for item in Parser::new_from_str(text) {
        let Ok((event, span)) = item else { break };
        let (line, col) = (span.start.line(), span.start.col() + 1);
        match event {
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                let path = place(&mut stack, None, line, col).unwrap_or_default();
                let open = if matches!(event, Event::SequenceStart(..)) {
                    Open::Seq(0)
                } else {
                    Open::Map(None)
                };
                stack.push((open, path));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                stack.pop();
            }
            Event::Scalar(value, ..) => {
                place(&mut stack, Some(&value), line, col);
            }
            Event::Alias(_) => {
                place(&mut stack, None, line, col);
            }
            Event::DocumentEnd => break,
            _ => {}
        }
    }
    at
}

fn too_deep() -> String {
    format!("nested deeper than {MAX_DEPTH} levels, the limit for quell's YAML files")
}

/// serde's messages quote the offending value and name Rust types: neither belongs in
/// an operator's terminal (the value may be a DSN with its password).
pub fn sanitize(message: &str) -> String {
    static QUOTED: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    static TYPE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let quoted = QUOTED.get_or_init(|| {
        regex::Regex::new(r#"(invalid (?:type|value|length)): string "(?:[^"\\]|\\.)*""#)
            .expect("a valid regex")
    });
    let rust_type = TYPE.get_or_init(|| {
        regex::Regex::new(r"expected (?:struct|unit struct|tuple struct) [A-Za-z0-9_]+")
            .expect("a valid regex")
    });
    let message = quoted.replace_all(message, "$1: a string");
    rust_type
        .replace_all(&message, "expected a mapping")
        .into_owned()
}

/// Deserialize `text` (the contents of `path`) into `T` within the limits above,
/// replacing `${VAR}` from `env` in every scalar value.
pub fn from_str<T: de::DeserializeOwned>(
    text: &str,
    path: &Path,
    env: &HashMap<String, String>,
) -> anyhow::Result<T> {
    let shown = path.display();
    if let Err((line, col, message)) = check_structure(text) {
        bail!("{shown}:{line}:{col}: {message}");
    }
    let ctx = Ctx {
        env,
        bytes: Cell::new(0),
        nodes: Cell::new(0),
        missing: RefCell::new(None),
    };
    let de = serde_yaml::Deserializer::from_str(text);
    T::deserialize(De {
        de,
        ctx: &ctx,
        interpolate: true,
    })
    .map_err(|e| {
        let raw = e.to_string();
        let message = sanitize(raw.rfind(" at line ").map_or(&raw, |i| &raw[..i]));
        let Some(loc) = e.location() else {
            return anyhow!("{shown}: {message}");
        };
        let (mut line, mut col) = (loc.line(), loc.column());
        // A missing variable is shown where it is used, not where its scalar starts.
        if let Some(name) = ctx.missing.borrow().as_deref() {
            let from = offset(text, line, col);
            if let Some(found) = text[from..].find(&format!("${{{name}}}")) {
                (line, col) = position(text, from + found);
            }
        }
        anyhow!("{shown}:{line}:{col}: {message}")
    })
}

/// `${NAME}` → the variable's value (unset, `${}` and a `${` left open are errors;
/// set-but-empty is allowed); `$${` is a literal `${`.
pub fn interpolate(text: &str, env: &HashMap<String, String>) -> Result<String, Missing> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        if let Some(tail) = after.strip_prefix("$${") {
            out.push_str("${");
            rest = tail;
        } else if let Some(tail) = after.strip_prefix("${") {
            match tail.find('}') {
                Some(0) => return Err(Missing::Empty),
                Some(end) => {
                    let name = &tail[..end];
                    match env.get(name) {
                        Some(v) => out.push_str(v),
                        None => return Err(Missing::Unset(name.to_string())),
                    }
                    rest = &tail[end + 1..];
                }
                None => return Err(Missing::Unterminated),
            }
        } else {
            out.push('$');
            rest = &after[1..];
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// Why `${…}` could not be replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    Unset(String),
    Empty,
    /// `${` with no `}` after it: a typo more often than a literal.
    Unterminated,
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Missing::Unset(name) => {
                write!(
                    f,
                    "environment variable {name} is not set (used as ${{{name}}})"
                )
            }
            Missing::Empty => {
                f.write_str("`${}` names no variable (write `$${` for a literal `${`)")
            }
            Missing::Unterminated => {
                f.write_str("`${` has no closing `}` (write `$${` for a literal `${`)")
            }
        }
    }
}

/// What one deserialization has used of its budget.
struct Ctx<'c> {
    env: &'c HashMap<String, String>,
    bytes: Cell<usize>,
    nodes: Cell<usize>,
    missing: RefCell<Option<String>>,
}

impl Ctx<'_> {
    fn charge<E: de::Error>(&self, bytes: usize) -> Result<(), E> {
        self.nodes.set(self.nodes.get() + 1);
        self.bytes.set(self.bytes.get() + bytes);
        if self.nodes.get() > MAX_EXPANDED_NODES {
            return Err(E::custom(format!(
                "the document expands to more than {MAX_EXPANDED_NODES} values (through aliases), the limit for quell's YAML files"
            )));
        }
        if self.bytes.get() > MAX_EXPANDED_BYTES {
            return Err(E::custom(format!(
                "the document expands to more than {MAX_EXPANDED_BYTES} bytes of text (through aliases and ${{VAR}} values), the limit for quell's YAML files"
            )));
        }
        Ok(())
    }

    /// The scalar with `${VAR}` replaced (when `interpolate`), charged to the budget.
    fn scalar<E: de::Error>(&self, s: &str, interpolate: bool) -> Result<Option<String>, E> {
        if !interpolate || !s.contains('$') {
            self.charge(s.len())?;
            return Ok(None);
        }
        let value = self::interpolate(s, self.env).map_err(|m| {
            if let Missing::Unset(name) = &m {
                *self.missing.borrow_mut() = Some(name.clone());
            }
            E::custom(m)
        })?;
        self.charge(value.len())?;
        Ok(Some(value))
    }
}

/// The deserializer proxy: forwards everything, wrapping visitors.
struct De<'c, D> {
    de: D,
    ctx: &'c Ctx<'c>,
    interpolate: bool,
}

struct Vis<'c, V> {
    v: V,
    ctx: &'c Ctx<'c>,
    interpolate: bool,
}

impl<'c, D> De<'c, D> {
    fn vis<V>(&self, v: V) -> Vis<'c, V> {
        Vis {
            v,
            ctx: self.ctx,
            interpolate: self.interpolate,
        }
    }
}

macro_rules! forward {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            let vis = self.vis(visitor);
            self.de.$method(vis)
        }
    )*};
}

impl<'de, 'c, D: Deserializer<'de>> Deserializer<'de> for De<'c, D> {
    type Error = D::Error;

    forward! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32
        deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
        deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
        deserialize_option deserialize_unit deserialize_seq deserialize_map
        deserialize_identifier deserialize_ignored_any
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        let vis = self.vis(visitor);
        self.de.deserialize_unit_struct(name, vis)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        let vis = self.vis(visitor);
        self.de.deserialize_newtype_struct(name, vis)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        let vis = self.vis(visitor);
        self.de.deserialize_tuple(len, vis)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        let vis = self.vis(visitor);
        self.de.deserialize_tuple_struct(name, len, vis)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        let vis = self.vis(visitor);
        self.de.deserialize_struct(name, fields, vis)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        let vis = self.vis(visitor);
        self.de.deserialize_enum(name, variants, vis)
    }

    fn is_human_readable(&self) -> bool {
        self.de.is_human_readable()
    }
}

macro_rules! pass {
    ($($method:ident: $ty:ty)*) => {$(
        fn $method<E: de::Error>(self, value: $ty) -> Result<Self::Value, E> {
            self.ctx.charge(0)?;
            self.v.$method(value)
        }
    )*};
}

impl<'de, 'c, V: Visitor<'de>> Visitor<'de> for Vis<'c, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.v.expecting(f)
    }

    pass! {
        visit_bool: bool visit_i8: i8 visit_i16: i16 visit_i32: i32 visit_i64: i64
        visit_i128: i128 visit_u8: u8 visit_u16: u16 visit_u32: u32 visit_u64: u64
        visit_u128: u128 visit_f32: f32 visit_f64: f64 visit_char: char
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        match self.ctx.scalar(s, self.interpolate)? {
            Some(replaced) => self.v.visit_string(replaced),
            None => self.v.visit_str(s),
        }
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
        match self.ctx.scalar(s, self.interpolate)? {
            Some(replaced) => self.v.visit_string(replaced),
            None => self.v.visit_borrowed_str(s),
        }
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
        match self.ctx.scalar(&s, self.interpolate)? {
            Some(replaced) => self.v.visit_string(replaced),
            None => self.v.visit_string(s),
        }
    }

    fn visit_bytes<E: de::Error>(self, b: &[u8]) -> Result<Self::Value, E> {
        self.ctx.charge(b.len())?;
        self.v.visit_bytes(b)
    }

    fn visit_borrowed_bytes<E: de::Error>(self, b: &'de [u8]) -> Result<Self::Value, E> {
        self.ctx.charge(b.len())?;
        self.v.visit_borrowed_bytes(b)
    }

    fn visit_byte_buf<E: de::Error>(self, b: Vec<u8>) -> Result<Self::Value, E> {
        self.ctx.charge(b.len())?;
        self.v.visit_byte_buf(b)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.ctx.charge(0)?;
        self.v.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.ctx.charge(0)?;
        self.v.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.v.visit_some(De {
            de: d,
            ctx: self.ctx,
            interpolate: self.interpolate,
        })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.v.visit_newtype_struct(De {
            de: d,
            ctx: self.ctx,
            interpolate: self.interpolate,
        })
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.ctx.charge(0)?;
        self.v.visit_seq(Seq { seq, ctx: self.ctx })
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.ctx.charge(0)?;
        self.v.visit_map(Map { map, ctx: self.ctx })
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.v.visit_enum(Enum {
            data,
            ctx: self.ctx,
        })
    }
}

struct Seed<'c, S> {
    seed: S,
    ctx: &'c Ctx<'c>,
    interpolate: bool,
}

impl<'de, 'c, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<'c, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.seed.deserialize(De {
            de: d,
            ctx: self.ctx,
            interpolate: self.interpolate,
        })
    }
}

struct Seq<'c, A> {
    seq: A,
    ctx: &'c Ctx<'c>,
}

impl<'de, 'c, A: de::SeqAccess<'de>> de::SeqAccess<'de> for Seq<'c, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        self.seq.next_element_seed(Seed {
            seed,
            ctx: self.ctx,
            interpolate: true,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        self.seq.size_hint()
    }
}

struct Map<'c, A> {
    map: A,
    ctx: &'c Ctx<'c>,
}

impl<'de, 'c, A: de::MapAccess<'de>> de::MapAccess<'de> for Map<'c, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        self.map.next_key_seed(Seed {
            seed,
            ctx: self.ctx,
            interpolate: false,
        })
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        self.map.next_value_seed(Seed {
            seed,
            ctx: self.ctx,
            interpolate: true,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

struct Enum<'c, A> {
    data: A,
    ctx: &'c Ctx<'c>,
}

impl<'de, 'c, A: de::EnumAccess<'de>> de::EnumAccess<'de> for Enum<'c, A> {
    type Error = A::Error;
    type Variant = Variant<'c, A::Variant>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), Self::Error> {
        let (value, variant) = self.data.variant_seed(Seed {
            seed,
            ctx: self.ctx,
            interpolate: true,
        })?;
        Ok((
            value,
            Variant {
                variant,
                ctx: self.ctx,
            },
        ))
    }
}

struct Variant<'c, A> {
    variant: A,
    ctx: &'c Ctx<'c>,
}

impl<'de, 'c, A: de::VariantAccess<'de>> de::VariantAccess<'de> for Variant<'c, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), Self::Error> {
        self.variant.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, Self::Error> {
        self.variant.newtype_variant_seed(Seed {
            seed,
            ctx: self.ctx,
            interpolate: true,
        })
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.variant.tuple_variant(
            len,
            Vis {
                v: visitor,
                ctx: self.ctx,
                interpolate: true,
            },
        )
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.variant.struct_variant(
            fields,
            Vis {
                v: visitor,
                ctx: self.ctx,
                interpolate: true,
            },
        )
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn positions_name_each_node_by_its_path() {
        let text = "version: 1\nsteps:\n  - id: a\n    with: {orgs: [1, 2], x: y}\n  - id: b\n    steps:\n      - id: c\n";
        let at = positions(text);
        assert_eq!(at["version"], (1, 1));
        assert_eq!(at["steps"], (2, 1));
        assert_eq!(at["steps[0]"], (3, 5));
        assert_eq!(at["steps[0].id"], (3, 5));
        assert_eq!(at["steps[0].with"], (4, 5));
        assert_eq!(at["steps[0].with.orgs"], (4, 12));
        assert_eq!(at["steps[0].with.orgs[1]"], (4, 22));
        assert_eq!(at["steps[0].with.x"], (4, 26));
        assert_eq!(at["steps[1].id"], (5, 5));
        assert_eq!(at["steps[1].steps[0].id"], (7, 9));
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        name: Option<String>,
        kind: Option<Kind>,
        #[serde(default)]
        list: Vec<String>,
        #[serde(default)]
        map: std::collections::BTreeMap<String, String>,
        count: Option<u32>,
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        PgCron,
        Sql,
    }

    fn env(vars: &[(&str, &str)]) -> HashMap<String, String> {
        vars.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn parse(text: &str, vars: &[(&str, &str)]) -> anyhow::Result<Doc> {
        from_str(text, Path::new("q.yaml"), &env(vars))
    }

    #[test]
    fn variables_replace_scalars_in_values_and_enums_never_keys() {
        let doc = parse(
            "name: \"a${X}b\"\nkind: ${K}\nlist: [\"${X}\", '$${X}']\nmap: {\"${X}\": \"${X}\"}\n",
            &[("X", "x: [1]"), ("K", "sql")],
        )
        .unwrap();
        assert_eq!(doc.name.as_deref(), Some("ax: [1]b"));
        assert_eq!(doc.kind, Some(Kind::Sql));
        assert_eq!(doc.list, ["x: [1]", "${X}"]);
        assert_eq!(doc.map.get("${X}").map(String::as_str), Some("x: [1]"));
    }

    #[test]
    fn errors_name_file_line_column_and_key() {
        let err = parse("name: 5\ncount: lots\n", &[])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("q.yaml:2:8: count: invalid type: a string, expected u32"),
            "{err}"
        );
        let err = parse("# ${PW} in a comment\nname: \"x ${PW}\"\n", &[])
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "q.yaml:2:10: name: environment variable PW is not set (used as ${PW})"
        );
        let err = parse("name: ${}\n", &[]).unwrap_err().to_string();
        assert!(err.contains("`${}` names no variable"), "{err}");
    }

    #[test]
    fn alias_bombs_and_deep_nesting_are_refused_quickly() {
        let mut bomb = String::from("a: &a \"${BIG}\"\nlist:\n");
        for _ in 0..1000 {
            bomb.push_str("  - *a\n");
        }
        let big = "x".repeat(1 << 20);
        let started = std::time::Instant::now();
        let err = from_str::<serde_yaml::Value>(&bomb, Path::new("q.yaml"), &env(&[("BIG", &big)]));
        // A Value has no field `a` to refuse: the budget must stop it.
        let err = err.unwrap_err().to_string();
        assert!(err.contains("bytes of text"), "{err}");
        let deep = format!("name: {}{}\n", "[".repeat(50_000), "]".repeat(50_000));
        let err = parse(&deep, &[]).unwrap_err().to_string();
        assert!(err.starts_with("q.yaml:1:"), "{err}");
        assert!(err.contains("nested deeper than 64"), "{err}");
        let compact = format!("list:\n{}x\n", "- ".repeat(10_000));
        let err = parse(&compact, &[]).unwrap_err().to_string();
        assert!(err.contains("nested deeper than 64"), "{err}");
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        // Brackets in quotes and comments do not count.
        parse(
            &format!("name: '{}' # {}\n", "[".repeat(100), "{".repeat(100)),
            &[],
        )
        .unwrap();
    }

    #[test]
    fn repeated_keys_are_refused_and_values_never_quoted_back() {
        let err = parse("map: {a: x, b: y, a: z}\n", &[])
            .unwrap_err()
            .to_string();
        assert_eq!(err, "q.yaml:1:19: duplicate key `a`");
        let err = parse("map:\n  a: x\n  a: y\n", &[])
            .unwrap_err()
            .to_string();
        assert_eq!(err, "q.yaml:3:3: duplicate key `a`");
        // Same key in two mappings, and values equal to keys, are fine.
        parse("map: {a: a}\nlist: [a, a]\n", &[]).unwrap();
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Target {
            dsn: String,
        }
        let err = from_str::<std::collections::BTreeMap<String, Target>>(
            "p: \"host=x password=S3cretPW9x\"\n",
            Path::new("q.yaml"),
            &HashMap::new(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            !err.contains("S3cretPW9x") && !err.contains("Target"),
            "{err}"
        );
        assert!(
            err.contains("invalid type: a string, expected a mapping"),
            "{err}"
        );
    }

    #[test]
    fn decoding_names_the_encoding_problem() {
        assert_eq!(decode(b"\xEF\xBB\xBFname: x".to_vec()).unwrap(), "name: x");
        let err = decode(b"a: 1\nname: caf\xE9\n".to_vec()).unwrap_err();
        assert_eq!(
            err,
            ":2:10: not valid UTF-8 (byte 0xE9); save the file as UTF-8"
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a: 1".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert!(decode(utf16).unwrap_err().contains("UTF-16"));
        let be: Vec<u8> = "a: 1".encode_utf16().flat_map(u16::to_be_bytes).collect();
        let err = decode(be).unwrap_err();
        assert!(
            err.starts_with(":1:1: a NUL byte") && err.contains("UTF-16"),
            "{err}"
        );
    }

    #[test]
    fn interpolation_rules() {
        let e = env(&[("A", "x"), ("EMPTY", "")]);
        for (input, want) in [
            ("plain", Ok("plain".to_string())),
            ("${A}", Ok("x".into())),
            ("a${A}b${A}", Ok("axbx".into())),
            ("$${A}", Ok("${A}".into())),
            ("cost $5", Ok("cost $5".into())),
            ("${EMPTY}", Ok(String::new())),
            ("${MISSING}", Err(Missing::Unset("MISSING".to_string()))),
            ("${}", Err(Missing::Empty)),
            ("${unterminated", Err(Missing::Unterminated)),
            ("$${unterminated", Ok("${unterminated".into())),
        ] {
            assert_eq!(interpolate(input, &e), want, "input {input:?}");
        }
    }
}
