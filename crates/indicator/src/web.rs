//! The parts of a web address that profile and listing rules look at: the
//! host, the non-empty path segments and the query, from a link with or
//! without its scheme.

/// A parsed web address.
pub(super) struct WebRef {
    /// Lower-case, punycode, without a trailing dot.
    pub host: String,
    /// The non-empty path segments, still percent-encoded.
    pub segments: Vec<String>,
    query: Vec<(String, String)>,
}

impl WebRef {
    pub fn segment(&self, i: usize) -> Option<&str> {
        self.segments.get(i).map(String::as_str)
    }

    pub fn query_value(&self, key: &str) -> Option<String> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    /// The host without the `www.`/`m.`-style prefixes sites serve the same
    /// pages under.
    pub fn site(&self) -> &str {
        let mut host = self.host.as_str();
        for prefix in ["www.", "m.", "mobile.", "mbasic.", "touch.", "web."] {
            host = host.strip_prefix(prefix).unwrap_or(host);
        }
        host
    }
}

/// Parses `https://vk.com/durov`, `vk.com/durov` or `//vk.com/durov`; None
/// for anything that is not an http(s) address with a host.
pub(super) fn parse_web(raw: &str) -> Option<WebRef> {
    let s = raw.trim();
    if s.is_empty() || s.chars().any(char::is_whitespace) {
        return None;
    }
    let full = match s.split_once("://") {
        Some((scheme, _)) => {
            // Profiles and listings are only ever web pages.
            if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
                return None;
            }
            s.to_owned()
        }
        None => match s.strip_prefix("//") {
            Some(rest) => format!("https://{rest}"),
            None => format!("https://{s}"),
        },
    };
    let url = url::Url::parse(&full).ok()?;
    // `vk.com@evil.example` is a link to evil.example dressed up as VK.
    if !url.username().is_empty() || url.password().is_some() {
        return None;
    }
    let host = url.host_str()?.trim_end_matches('.').to_ascii_lowercase();
    let segments = url
        .path_segments()
        .map(|it| it.filter(|p| !p.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default();
    let query = url.query_pairs().into_owned().collect();
    Some(WebRef {
        host,
        segments,
        query,
    })
}
