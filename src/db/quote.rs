//! The one quoting helper for identifiers in SQL that cannot take parameters
//! (`ALTER ROLE … CONNECTION LIMIT`, `ALTER ROLE … NOLOGIN`). Values always go as
//! `$n` parameters instead; nothing else splices user text into SQL.

/// Quote `name` as a PostgreSQL identifier: wrapped in double quotes, embedded
/// double quotes doubled. A NUL byte cannot be part of an identifier: refused.
pub fn ident(name: &str) -> anyhow::Result<String> {
    if name.is_empty() {
        anyhow::bail!("an empty name is not an identifier");
    }
    if name.contains('\0') {
        anyhow::bail!("identifier {name:?} contains a NUL byte");
    }
    Ok(format!("\"{}\"", name.replace('"', "\"\"")))
}

#[cfg(test)]
mod tests {
    use super::ident;

    #[test]
    fn quoting() {
        for (raw, quoted) in [
            ("app", "\"app\""),
            ("Org_42", "\"Org_42\""),
            ("a\"b", "\"a\"\"b\""),
            ("x\"; DROP TABLE orgs; --", "\"x\"\"; DROP TABLE orgs; --\""),
            ("o'brien", "\"o'brien\""),
        ] {
            assert_eq!(ident(raw).ok().as_deref(), Some(quoted), "{raw}");
        }
        assert!(ident("").is_err());
        assert!(ident("a\0b").is_err());
    }
}
