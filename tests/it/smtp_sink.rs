//! A tiny SMTP server on 127.0.0.1 for tests: it accepts every message and
//! records its envelope and data, speaking just enough SMTP for lettre
//! (greeting, EHLO/HELO, MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT), and
//! optionally STARTTLS or implicit TLS and AUTH PLAIN/LOGIN over TLS.

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;

/// One message as the sink received it.
#[derive(Clone, Debug, Default)]
pub struct Mail {
    pub from: String,
    pub to: Vec<String>,
    /// Headers and body as sent, dot-unstuffed, lines joined with `\r\n`.
    pub data: String,
    /// Whether it came over TLS, and as whom the client authenticated.
    pub tls: bool,
    pub user: Option<String>,
}

impl Mail {
    pub fn header(&self, name: &str) -> Option<String> {
        let (head, _) = self.data.split_once("\r\n\r\n")?;
        let prefix = format!("{}:", name.to_lowercase());
        let at = head
            .split("\r\n")
            .position(|l| l.to_lowercase().starts_with(&prefix))?;
        let lines: Vec<&str> = head.split("\r\n").collect();
        // A folded header continues on lines that start with white space.
        let mut value = lines[at][prefix.len()..].trim().to_string();
        for l in &lines[at + 1..] {
            if !l.starts_with([' ', '\t']) {
                break;
            }
            value.push(' ');
            value.push_str(l.trim());
        }
        Some(value)
    }

    /// The body as text with `\n` line ends, decoded from base64 when the
    /// message says so.
    pub fn text(&self) -> String {
        let body = self.data.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        let encoding = self.header("Content-Transfer-Encoding").unwrap_or_default();
        let text = if encoding.eq_ignore_ascii_case("base64") {
            String::from_utf8(base64(body)).expect("a UTF-8 body")
        } else {
            body.to_string()
        };
        text.replace("\r\n", "\n")
    }
}

/// How the sink is reached: plain, plain then STARTTLS, or TLS from the
/// first byte; with the certificate of tests/data/tls/server.pem.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Security {
    #[default]
    Plain,
    StartTls,
    Tls,
}

/// Credentials the sink demands (over TLS only) before it takes a message.
#[derive(Clone, Copy, Debug)]
pub struct Auth {
    pub user: &'static str,
    pub password: &'static str,
    /// The one mechanism offered: `PLAIN` or `LOGIN`.
    pub mechanism: &'static str,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    pub security: Security,
    pub auth: Option<Auth>,
}

/// The running sink; it stops when dropped.
pub struct Sink {
    pub port: u16,
    mails: Arc<Mutex<Vec<Mail>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Sink {
    pub async fn start() -> Sink {
        Sink::start_with(Options::default()).await
    }

    pub async fn start_with(options: Options) -> Sink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let mails = Arc::new(Mutex::new(Vec::new()));
        let store = mails.clone();
        let acceptor = acceptor();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let s = Session {
                    options,
                    acceptor: acceptor.clone(),
                    mails: store.clone(),
                };
                tokio::spawn(s.run(stream));
            }
        });
        Sink { port, mails, task }
    }

    /// The messages received since the last call.
    pub fn take(&self) -> Vec<Mail> {
        std::mem::take(&mut *self.mails.lock().unwrap())
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn acceptor() -> TlsAcceptor {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/tls");
    let certs = CertificateDer::pem_file_iter(format!("{dir}/server.pem"))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_file(format!("{dir}/server.key")).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    TlsAcceptor::from(Arc::new(config))
}

trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

struct Session {
    options: Options,
    acceptor: TlsAcceptor,
    mails: Arc<Mutex<Vec<Mail>>>,
}

/// The stream and what the client has proved on it so far.
struct Conn {
    io: BufReader<Box<dyn Io>>,
    tls: bool,
    user: Option<String>,
}

impl Conn {
    async fn line(&mut self) -> Option<String> {
        let mut line = String::new();
        match self.io.read_line(&mut line).await {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(line.trim_end_matches(['\r', '\n']).to_string()),
        }
    }

    async fn say(&mut self, text: &str) -> Option<()> {
        let w = self.io.get_mut();
        w.write_all(text.as_bytes()).await.ok()?;
        w.flush().await.ok()
    }
}

impl Session {
    async fn run(self, stream: TcpStream) {
        let mut conn = if self.options.security == Security::Tls {
            let Ok(tls) = self.acceptor.accept(stream).await else {
                return; // the client refused the certificate
            };
            Conn::new(Box::new(tls), true)
        } else {
            Conn::new(Box::new(stream), false)
        };
        let _ = self.serve(&mut conn).await;
    }

    async fn serve(&self, conn: &mut Conn) -> Option<()> {
        let mut mail = Mail::default();
        conn.say("220 sink ESMTP\r\n").await?;
        loop {
            let line = conn.line().await?;
            let verb = line.get(..4).unwrap_or(&line).to_uppercase();
            let answer: String = match verb.as_str() {
                "EHLO" => self.ehlo(conn),
                "STAR" if self.options.security == Security::StartTls && !conn.tls => {
                    conn.say("220 go ahead\r\n").await?;
                    let plain = std::mem::replace(
                        &mut conn.io,
                        BufReader::new(Box::new(tokio::io::duplex(1).0)),
                    );
                    let tls = self.acceptor.accept(plain.into_inner()).await.ok()?;
                    *conn = Conn::new(Box::new(tls), true);
                    continue;
                }
                "AUTH" => self.auth(conn, &line).await?,
                "HELO" | "NOOP" => "250 ok\r\n".into(),
                "RSET" => {
                    mail = Mail::default();
                    "250 ok\r\n".into()
                }
                "MAIL" if self.options.auth.is_some() && conn.user.is_none() => {
                    "530 authentication required\r\n".into()
                }
                "MAIL" => {
                    mail.from = address(&line);
                    "250 ok\r\n".into()
                }
                "RCPT" => {
                    mail.to.push(address(&line));
                    "250 ok\r\n".into()
                }
                "DATA" => {
                    conn.say("354 go on\r\n").await?;
                    let mut data = Vec::new();
                    loop {
                        let l = conn.line().await?;
                        if l == "." {
                            break;
                        }
                        data.push(l.strip_prefix('.').map_or(l.clone(), str::to_string));
                    }
                    mail.data = data.join("\r\n");
                    mail.tls = conn.tls;
                    mail.user = conn.user.clone();
                    self.mails.lock().unwrap().push(std::mem::take(&mut mail));
                    "250 queued\r\n".into()
                }
                "QUIT" => {
                    conn.say("221 bye\r\n").await?;
                    return Some(());
                }
                _ => "502 not implemented\r\n".into(),
            };
            conn.say(&answer).await?;
        }
    }

    fn ehlo(&self, conn: &Conn) -> String {
        let mut caps = vec!["sink".to_string(), "8BITMIME".to_string()];
        if self.options.security == Security::StartTls && !conn.tls {
            caps.push("STARTTLS".into());
        }
        if let Some(a) = self.options.auth.filter(|_| conn.tls) {
            caps.push(format!("AUTH {}", a.mechanism));
        }
        let last = caps.len() - 1;
        caps.iter()
            .enumerate()
            .map(|(i, c)| format!("250{}{c}\r\n", if i == last { ' ' } else { '-' }))
            .collect()
    }

    /// `AUTH PLAIN <initial response>` or `AUTH LOGIN` and its two prompts.
    async fn auth(&self, conn: &mut Conn, line: &str) -> Option<String> {
        let Some(want) = self.options.auth else {
            return Some("502 not implemented\r\n".into());
        };
        if !conn.tls {
            return Some("538 encryption required\r\n".into());
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let mechanism = words.get(1).map(|m| m.to_uppercase()).unwrap_or_default();
        let decode = |s: &str| String::from_utf8(base64(s)).unwrap_or_default();
        let (user, password) = match mechanism.as_str() {
            "PLAIN" if want.mechanism == "PLAIN" => {
                let response = match words.get(2) {
                    Some(r) => r.to_string(),
                    None => {
                        conn.say("334 \r\n").await?;
                        conn.line().await?
                    }
                };
                let text = decode(&response);
                let mut parts = text.split('\0').skip(1);
                let user = parts.next().unwrap_or_default().to_string();
                (user, parts.next().unwrap_or_default().to_string())
            }
            "LOGIN" if want.mechanism == "LOGIN" => {
                conn.say("334 VXNlcm5hbWU6\r\n").await?; // "Username:"
                let user = decode(&conn.line().await?);
                conn.say("334 UGFzc3dvcmQ6\r\n").await?; // "Password:"
                (user, decode(&conn.line().await?))
            }
            _ => return Some("504 mechanism not offered\r\n".into()),
        };
        if user == want.user && password == want.password {
            conn.user = Some(user);
            Some("235 accepted\r\n".into())
        } else {
            Some("535 bad credentials\r\n".into())
        }
    }
}

impl Conn {
    fn new(io: Box<dyn Io>, tls: bool) -> Conn {
        Conn {
            io: BufReader::new(io),
            tls,
            user: None,
        }
    }
}

/// `MAIL FROM:<a@b> BODY=8BITMIME` → `a@b`.
fn address(line: &str) -> String {
    let start = line.find('<').map_or(0, |i| i + 1);
    let end = line[start..].find('>').map_or(line.len(), |i| start + i);
    line[start..end].to_string()
}

fn base64(text: &str) -> Vec<u8> {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let Some(v) = ABC.iter().position(|&x| x == c) else {
            continue; // line breaks and padding
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}
