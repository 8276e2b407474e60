//! The result of one liveness check: the failure codes the store keeps
//! and their Russian labels for pages.

/// The HTTP method that gave the final answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Head,
    Get,
}

/// Why a check got no usable answer; `code()` is what the store keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    Dns,
    Connect,
    Tls,
    Timeout,
    /// The exchange broke after connecting (reset, malformed response).
    Request,
    TooManyRedirects,
    BadRedirect,
    PrivateAddress,
    BadUrl,
    UnsupportedScheme,
}

impl Failure {
    pub const ALL: [Failure; 10] = [
        Failure::Dns,
        Failure::Connect,
        Failure::Tls,
        Failure::Timeout,
        Failure::Request,
        Failure::TooManyRedirects,
        Failure::BadRedirect,
        Failure::PrivateAddress,
        Failure::BadUrl,
        Failure::UnsupportedScheme,
    ];

    /// A short stable code, stored in `liveness_checks.error`.
    pub fn code(self) -> &'static str {
        match self {
            Failure::Dns => "dns",
            Failure::Connect => "connect",
            Failure::Tls => "tls",
            Failure::Timeout => "timeout",
            Failure::Request => "request_failed",
            Failure::TooManyRedirects => "too_many_redirects",
            Failure::BadRedirect => "bad_redirect",
            Failure::PrivateAddress => "private_address",
            Failure::BadUrl => "bad_url",
            Failure::UnsupportedScheme => "unsupported_scheme",
        }
    }

    pub fn parse(code: &str) -> Option<Failure> {
        Failure::ALL.into_iter().find(|f| f.code() == code)
    }

    /// The reason in Russian, for pages.
    pub fn label(self) -> &'static str {
        match self {
            Failure::Dns => "имя сайта не найдено (DNS)",
            Failure::Connect => "не удалось соединиться с сервером",
            Failure::Tls => "ошибка TLS: недействительный сертификат или протокол",
            Failure::Timeout => "сервер не ответил вовремя",
            Failure::Request => "сбой при обмене с сервером",
            Failure::TooManyRedirects => "слишком много перенаправлений",
            Failure::BadRedirect => "перенаправление по неверному адресу",
            Failure::PrivateAddress => "адрес во внутренней сети: проверка запрещена",
            Failure::BadUrl => "неверная ссылка",
            Failure::UnsupportedScheme => "проверяются только ссылки http и https",
        }
    }

    /// Whether the host never answered, so a GET after a HEAD is pointless.
    pub(super) fn unreachable(self) -> bool {
        !matches!(self, Failure::Request)
    }
}

/// The result of checking one URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub online: bool,
    /// The last status received, if any server answered.
    pub http_status: Option<u16>,
    pub failure: Option<Failure>,
    /// The method of the final answer.
    pub method: Option<Method>,
    pub redirects: u8,
}

impl Outcome {
    pub fn failed(failure: Failure, http_status: Option<u16>, redirects: u8) -> Outcome {
        Outcome {
            online: false,
            http_status,
            failure: Some(failure),
            method: None,
            redirects,
        }
    }
}

/// A stored check for people: the reason of a failure, else the status.
pub fn describe(http_status: Option<i32>, error: Option<&str>) -> String {
    let reason = error.map(|e| match Failure::parse(e) {
        Some(failure) => failure.label(),
        None => e,
    });
    match (reason, http_status) {
        (Some(reason), Some(status)) => format!("{reason} (HTTP {status})"),
        (Some(reason), None) => reason.to_owned(),
        (None, Some(status)) => format!("HTTP {status}"),
        (None, None) => String::new(),
    }
}
