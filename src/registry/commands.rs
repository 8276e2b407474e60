//! The registry commands of the CLI: `dozor normalize VALUE` shows the kind
//! and canonical form the registry would store for a value, so people can
//! check a spelling before they report or look it up.

use anyhow::{Result, anyhow, bail};
use clap::Args;
use dozor_indicator::detect;
use dozor_indicator::model::{CardKey, Kind, NormalizeError, Normalized};
use dozor_indicator::url;
use serde_json::json;
use std::io::Write;

/// The environment variable holding the card HMAC key.
pub const CARD_KEY_ENV: &str = "DOZOR_CARD_KEY";

#[derive(Debug, Args)]
pub struct NormalizeArgs {
    /// The value: a link, domain, phone, card, account, profile, @name or listing.
    pub value: String,
    /// Take the value as this kind instead of detecting it: url, domain,
    /// phone, card, account, social, messenger or listing.
    #[arg(long, value_parser = parse_kind)]
    pub kind: Option<Kind>,
    /// Print {"kind", "canonical", "display"} as JSON.
    #[arg(long)]
    pub json: bool,
    /// Print a URL's lookup expressions, one per line.
    #[arg(long)]
    pub expressions: bool,
}

fn parse_kind(s: &str) -> Result<Kind, String> {
    Kind::parse(&s.to_ascii_lowercase()).ok_or_else(|| {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        format!("unknown kind {s:?}; one of {}", names.join(", "))
    })
}

/// Prints the kind, canonical form and display form of `value`.
pub fn normalize(value: &str, kind: Option<Kind>, json: bool, expressions: bool) -> Result<()> {
    let key = card_key()?;
    let text = render(value, kind, key.as_ref(), json, expressions)?;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()) {
        // `dozor normalize … | head` closing the pipe is not a failure.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(e.into());
        }
    }
    Ok(())
}

/// The card key from the environment: its UTF-8 bytes; unset or empty is none.
pub fn card_key() -> Result<Option<CardKey>> {
    match std::env::var(CARD_KEY_ENV) {
        Ok(k) if k.is_empty() => Ok(None),
        Ok(k) => Ok(Some(CardKey(k.into_bytes()))),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => bail!("{CARD_KEY_ENV} is not valid UTF-8"),
    }
}

/// What `normalize` prints. The value itself is never echoed: it may be a
/// card number.
fn render(
    value: &str,
    kind: Option<Kind>,
    key: Option<&CardKey>,
    json: bool,
    expressions: bool,
) -> Result<String> {
    // The message already names the kind it expected.
    let n = detect::normalize(value, kind, key).map_err(|e| match &e {
        NormalizeError::Unrecognized => anyhow!("{e} (--kind names it)"),
        // The operator can do something about it: name the setting.
        NormalizeError::NoCardKey => anyhow!("{e} (set {CARD_KEY_ENV})"),
        _ => anyhow!("{e}"),
    })?;
    let exprs = if expressions {
        if n.kind != Kind::Url {
            bail!(
                "--expressions is for URLs; this value is a {}",
                n.kind.as_str()
            );
        }
        url::expressions(&n.canonical)
    } else {
        Vec::new()
    };
    Ok(if json {
        let mut v = json!({
            "kind": n.kind,
            "canonical": n.canonical,
            "display": n.display,
        });
        if expressions {
            v["expressions"] = json!(exprs);
        }
        format!("{}\n", serde_json::to_string_pretty(&v)?)
    } else if expressions {
        exprs.iter().map(|e| format!("{e}\n")).collect()
    } else {
        plain(&n)
    })
}

fn plain(n: &Normalized) -> String {
    format!("{}\t{}\t{}\n", n.kind.as_str(), n.canonical, n.display)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> CardKey {
        CardKey(b"k".to_vec())
    }

    #[test]
    fn plain_and_json() {
        let out = render("8 (912) 345-67-89", None, None, false, false).unwrap();
        assert_eq!(out, "phone\t+79123456789\t+7 912 345-67-89\n");
        let out = render("@Durov_Bot", None, None, true, false).unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["kind"], "messenger");
        assert_eq!(v["canonical"], "t.me/durov_bot");
        assert_eq!(v["display"], "t.me/durov_bot");
    }

    /// What `dozor normalize` prints is what the store keeps and the check
    /// looks up: one form per resource.
    #[test]
    fn one_form_per_resource() {
        for (raw, kind) in [
            ("https://telegram.me/Durov_Bot", None),
            ("tg://resolve?domain=durov_bot", None),
            ("https://t.me/durov_bot", Some(Kind::Social)),
        ] {
            let out = render(raw, kind, None, false, false).unwrap();
            assert_eq!(out, "messenger\tt.me/durov_bot\tt.me/durov_bot\n", "{raw}");
        }
        let out = render("wa.me/79123456789", None, None, false, false).unwrap();
        assert_eq!(out, "phone\t+79123456789\t+7 912 345-67-89\n");
        let out = render(
            "https://x.example/p?a=1&utm_source=vk",
            None,
            None,
            false,
            false,
        );
        assert_eq!(
            out.unwrap(),
            "url\thttps://x.example/p?a=1\thttps://x.example/p?a=1\n"
        );
    }

    #[test]
    fn expressions_are_for_urls() {
        let out = render(
            "http://a.b.example.com/1/2.html?x=1",
            None,
            None,
            false,
            true,
        )
        .unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines,
            url::expressions(&url::canonicalize("http://a.b.example.com/1/2.html?x=1").unwrap())
        );
        assert!(!lines.is_empty());
        let e = render("example.com", None, None, false, true).unwrap_err();
        assert!(e.to_string().contains("domain"), "{e}");
    }

    #[test]
    fn cards_need_a_key_and_never_print() {
        let e = render("2200 0000 0000 1234", None, None, false, false).unwrap_err();
        assert!(e.to_string().contains(CARD_KEY_ENV), "{e}");
        assert!(!e.to_string().contains("2200"), "{e}");
        let out = render("2200 0000 0000 1234", None, Some(&key()), true, false).unwrap();
        assert!(!out.replace(' ', "").contains("2200000000001234"), "{out}");
        assert!(out.contains("2200 00•• •••• 1234"), "{out}");
        let e = render(
            "2200 0000 0000 1235",
            Some(Kind::Card),
            Some(&key()),
            false,
            false,
        )
        .unwrap_err();
        assert!(!e.to_string().contains("1235"), "{e}");
    }

    #[test]
    fn errors_name_the_kind() {
        let e = render("81234567890", Some(Kind::Phone), None, false, false).unwrap_err();
        assert!(e.to_string().contains("Не похоже на номер телефона"), "{e}");
        let e = render("hello", None, None, false, false).unwrap_err();
        assert!(e.to_string().contains("--kind"), "{e}");
    }

    #[test]
    fn kinds_parse() {
        assert_eq!(parse_kind("Phone"), Ok(Kind::Phone));
        assert!(parse_kind("fax").unwrap_err().contains("messenger"));
    }
}
