//! The SMTP side of reminders: one plain-text message per recipient through
//! lettre, over STARTTLS, implicit TLS or (asked for) plain SMTP. The relay's
//! certificate is always verified: against `ca_file` alone when given,
//! else against the web PKI roots.

use crate::config::{SmtpConfig, SmtpTls};
use crate::error::{Error, Result};
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, CertificateStore, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// The most one message may take by default, connection and TLS included.
const SEND_LIMIT: Duration = Duration::from_secs(60);

/// A configured relay and the sender every message comes from.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    send_limit: Duration,
}

impl Mailer {
    pub fn new(s: &SmtpConfig) -> Result<Mailer> {
        // "Dangerous" here only means no TLS until `.tls` sets it below.
        let builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&s.host);
        let builder = match s.tls {
            SmtpTls::StartTls => builder.tls(Tls::Required(tls_parameters(s)?)),
            SmtpTls::Tls => builder.tls(Tls::Wrapper(tls_parameters(s)?)),
            SmtpTls::None => builder,
        };
        let mut builder = builder.port(s.port).timeout(Some(Duration::from_secs(30)));
        if let Some(user) = &s.username {
            let password = s.password.clone().unwrap_or_default();
            builder = builder.credentials(Credentials::new(user.clone(), password));
        }
        let from = s
            .from
            .parse()
            .map_err(|e| Error::Invalid(format!("smtp.from «{}»: {e}", s.from)))?;
        Ok(Mailer {
            transport: builder.build(),
            from,
            send_limit: SEND_LIMIT,
        })
    }

    /// The same relay, each message bounded by `limit` instead.
    pub fn with_send_limit(self, limit: Duration) -> Mailer {
        Mailer {
            send_limit: limit,
            ..self
        }
    }

    pub async fn send(&self, to: &str, subject: &str, text: &str) -> Result<(), String> {
        let to: Mailbox = to.parse().map_err(|e| format!("address «{to}»: {e}"))?;
        // Base64 keeps Cyrillic intact through any relay, 8BITMIME or not.
        let body = Body::new_with_encoding(text.to_string(), ContentTransferEncoding::Base64)
            .map_err(|_| "the body cannot be encoded".to_string())?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| e.to_string())?;
        // lettre's own timeout covers each command, not a TLS handshake the
        // relay never answers (STARTTLS set against a port-465 relay): a
        // hard bound keeps one bad relay from stalling a whole run.
        match tokio::time::timeout(self.send_limit, self.transport.send(message)).await {
            Ok(sent) => sent.map(|_| ()).map_err(|e| e.to_string()),
            Err(_) => Err(format!(
                "no answer from the relay in {} s",
                self.send_limit.as_secs_f32()
            )),
        }
    }
}

/// The host name to verify and the roots to verify it against.
fn tls_parameters(s: &SmtpConfig) -> Result<TlsParameters> {
    let failed =
        |e: lettre::transport::smtp::Error| Error::Internal(format!("smtp {}: {e}", s.host));
    let mut builder = TlsParameters::builder(s.host.clone());
    if let Some(ca) = &s.ca_file {
        builder = builder.certificate_store(CertificateStore::None);
        for der in &ca.certs {
            builder =
                builder.add_root_certificate(Certificate::from_der(der.to_vec()).map_err(failed)?);
        }
    }
    builder.build_rustls().map_err(failed)
}
