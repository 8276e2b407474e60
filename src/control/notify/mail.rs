//! The SMTP side of reminders: one plain-text message per recipient through
//! lettre, plain SMTP or STARTTLS as configured.

use crate::config::SmtpConfig;
use crate::error::{Error, Result};
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// A configured relay and the sender every message comes from.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    pub fn new(s: &SmtpConfig) -> Result<Mailer> {
        let builder = if s.starttls {
            AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.host)
                .map_err(|e| Error::Internal(format!("smtp {}: {e}", s.host)))?
        } else {
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&s.host)
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
        })
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
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}
