//! A tiny SMTP server on 127.0.0.1 for tests: it accepts every message and
//! records its envelope and data, speaking just enough SMTP for lettre
//! (greeting, EHLO/HELO, MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT).

use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// One message as the sink received it.
#[derive(Clone, Debug, Default)]
pub struct Mail {
    pub from: String,
    pub to: Vec<String>,
    /// Headers and body as sent, dot-unstuffed, lines joined with `\r\n`.
    pub data: String,
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

/// The running sink; it stops when dropped.
pub struct Sink {
    pub port: u16,
    mails: Arc<Mutex<Vec<Mail>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Sink {
    pub async fn start() -> Sink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let mails = Arc::new(Mutex::new(Vec::new()));
        let store = mails.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(session(stream, store.clone()));
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

async fn session(stream: TcpStream, mails: Arc<Mutex<Vec<Mail>>>) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    let mut mail = Mail::default();
    let reply = |w: &'static str| w.as_bytes();
    if write.write_all(reply("220 sink ESMTP\r\n")).await.is_err() {
        return;
    }
    while let Ok(Some(line)) = lines.next_line().await {
        let verb = line.get(..4).unwrap_or(&line).to_uppercase();
        let answer: &str = match verb.as_str() {
            "EHLO" => "250-sink\r\n250 8BITMIME\r\n",
            "HELO" | "NOOP" => "250 ok\r\n",
            "RSET" => {
                mail = Mail::default();
                "250 ok\r\n"
            }
            "MAIL" => {
                mail.from = address(&line);
                "250 ok\r\n"
            }
            "RCPT" => {
                mail.to.push(address(&line));
                "250 ok\r\n"
            }
            "DATA" => {
                if write.write_all(reply("354 go on\r\n")).await.is_err() {
                    return;
                }
                let mut data = Vec::new();
                while let Ok(Some(l)) = lines.next_line().await {
                    if l == "." {
                        break;
                    }
                    data.push(l.strip_prefix('.').map_or(l.clone(), str::to_string));
                }
                mail.data = data.join("\r\n");
                mails.lock().unwrap().push(std::mem::take(&mut mail));
                "250 queued\r\n"
            }
            "QUIT" => {
                let _ = write.write_all(reply("221 bye\r\n")).await;
                return;
            }
            _ => "502 not implemented\r\n",
        };
        if write.write_all(answer.as_bytes()).await.is_err() {
            return;
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
