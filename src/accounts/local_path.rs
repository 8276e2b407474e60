//! Where to go after sign-in: `?next=` may name only a path on this site.
//! Browsers drop tabs and newlines from a `Location` and read `\` as `/`,
//! so `/%09/evil.example` is `//evil.example` to them: such a value is not
//! cleaned but refused, and the result is checked by parsing it as a URL
//! against this site.

use url::Url;

/// The base a path is resolved against; only its host matters.
const HERE: &str = "http://dozor.invalid/";

/// `next` when it is a local path, else `/`.
pub fn local_path(next: Option<&str>) -> String {
    next.and_then(parse).unwrap_or_else(|| "/".to_string())
}

fn parse(next: &str) -> Option<String> {
    let plain = next
        .chars()
        .all(|c| !c.is_control() && !c.is_whitespace() && c != '\\');
    if !plain || !next.starts_with('/') || next.starts_with("//") {
        return None;
    }
    let base = Url::parse(HERE).ok()?;
    let url = base.join(next).ok()?;
    if url.origin() != base.origin() || !url.username().is_empty() {
        return None;
    }
    let mut out = url.path().to_string();
    if let Some(q) = url.query() {
        out.push('?');
        out.push_str(q);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn keeps_local_paths() {
        assert_eq!(local_path(Some("/obligations")), "/obligations");
        assert_eq!(
            local_path(Some("/registry?q=abc&kind=url")),
            "/registry?q=abc&kind=url"
        );
        assert_eq!(local_path(None), "/");
    }

    #[test]
    fn refuses_everything_that_leaves_the_site() {
        for bad in [
            "//evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/\u{7f}/x",
            "/\\evil.example",
            "\\\\evil.example",
            "https://evil.example/",
            "evil.example",
            " /x",
            "/ /x",
            "",
        ] {
            assert_eq!(local_path(Some(bad)), "/", "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn never_leaves_the_site(next in "\\PC*|[/\\\\\t\n\r\u{7f} a-z.%:@?#]{0,24}") {
            let out = local_path(Some(&next));
            prop_assert!(out.starts_with('/'));
            prop_assert!(!out.starts_with("//"));
            prop_assert!(!out.chars().any(|c| c.is_control() || c == '\\' || c.is_whitespace()));
            let base = Url::parse(HERE).unwrap();
            prop_assert_eq!(base.join(&out).unwrap().origin(), base.origin());
            prop_assert!(axum::http::HeaderValue::from_str(&out).is_ok());
        }
    }
}
