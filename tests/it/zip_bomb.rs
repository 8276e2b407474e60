//! A .docx or .odt that unpacks to a gigabyte is refused at once, with its own
//! message (not «Это не план»), through the CLI and the plan upload page.

use crate::helpers::{TestDb, on_both_engines};
use crate::web_client::App;
use axum::http::StatusCode;
use std::time::{Duration, Instant};

on_both_engines!(a_docx_bomb_is_refused_on_the_upload_page);
on_both_engines!(an_odt_bomb_is_refused_as_odt);
on_both_engines!(sqlite_file; a_docx_bomb_is_refused_by_the_cli);

const GIB: u64 = 1 << 30;
const TOO_LARGE: &str = "Файл .docx слишком велик после распаковки";

/// LSB-first bit packing, as deflate wants it.
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    /// `value`'s low `n` bits, the first bit lowest.
    fn push(&mut self, value: u64, n: u32) {
        self.acc |= value << self.n;
        self.n += n;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// One fixed-Huffman deflate block: a literal zero, then back-references
/// of 258 bytes at distance 1 until `size` zeros (13 bits per 258 bytes:
/// about 6.5 MB for a gigabyte, built without holding the gigabyte).
fn zeros_deflated(size: u64) -> (Vec<u8>, u64) {
    let mut b = Bits::default();
    b.push(0b011, 3); // BFINAL, then BTYPE 01 (fixed codes)
    b.push(0b0000_1100, 8); // literal 0: code 00110000, sent first bit first
    let copies = (size - 1) / 258;
    for _ in 0..copies {
        // Length 258 is code 285 (11000101, reversed 10100011), then
        // distance code 0 (five zero bits).
        b.push(0b1010_0011, 13);
    }
    b.push(0, 7); // end of block
    (b.finish(), 1 + copies * 258)
}

/// One entry of a hand-built zip: stored (method 0) or deflated (8), with
/// the sizes it declares. CRCs are left 0: no reader must get far enough
/// to check them.
struct Entry<'a> {
    name: &'a [u8],
    method: u16,
    data: &'a [u8],
    size: u32,
}

fn zip(entries: &[Entry<'_>]) -> Vec<u8> {
    let mut z = Vec::new();
    let u16le = |z: &mut Vec<u8>, v: u16| z.extend_from_slice(&v.to_le_bytes());
    let u32le = |z: &mut Vec<u8>, v: u32| z.extend_from_slice(&v.to_le_bytes());
    let mut offsets = Vec::new();
    for e in entries {
        offsets.push(z.len() as u32);
        // Local header: version 20, no flags, method, 1980-01-01, crc, sizes.
        u32le(&mut z, 0x0403_4b50);
        for v in [20, 0, e.method, 0, 0x21] {
            u16le(&mut z, v);
        }
        for v in [0, e.data.len() as u32, e.size] {
            u32le(&mut z, v);
        }
        u16le(&mut z, e.name.len() as u16);
        u16le(&mut z, 0);
        z.extend_from_slice(e.name);
        z.extend_from_slice(e.data);
    }
    let cd = z.len() as u32;
    for (e, offset) in entries.iter().zip(offsets) {
        u32le(&mut z, 0x0201_4b50);
        for v in [20, 20, 0, e.method, 0, 0x21] {
            u16le(&mut z, v);
        }
        for v in [0, e.data.len() as u32, e.size] {
            u32le(&mut z, v);
        }
        for v in [e.name.len() as u16, 0, 0, 0, 0] {
            u16le(&mut z, v);
        }
        u32le(&mut z, 0); // external attributes
        u32le(&mut z, offset);
        z.extend_from_slice(e.name);
    }
    let cd_size = z.len() as u32 - cd;
    u32le(&mut z, 0x0605_4b50);
    let n = entries.len() as u16;
    for v in [0, 0, n, n] {
        u16le(&mut z, v);
    }
    u32le(&mut z, cd_size);
    u32le(&mut z, cd);
    u16le(&mut z, 0);
    z
}

/// A zip whose `word/document.xml` unpacks to about 1 GiB of zeros and
/// declares `declared` bytes (None: the truth).
pub fn docx_bomb(declared: Option<u32>) -> Vec<u8> {
    let (data, size) = zeros_deflated(GIB);
    let size = declared.unwrap_or(u32::try_from(size).unwrap());
    zip(&[Entry {
        name: b"word/document.xml",
        method: 8,
        data: &data,
        size,
    }])
}

/// An OpenDocument text (its `mimetype` stored first) whose `content.xml`
/// unpacks to about 1 GiB of zeros.
fn odt_bomb() -> Vec<u8> {
    let (data, size) = zeros_deflated(GIB);
    let mime = b"application/vnd.oasis.opendocument.text";
    zip(&[
        Entry {
            name: b"mimetype",
            method: 0,
            data: mime,
            size: mime.len() as u32,
        },
        Entry {
            name: b"content.xml",
            method: 8,
            data: &data,
            size: u32::try_from(size).unwrap(),
        },
    ])
}

async fn a_docx_bomb_is_refused_on_the_upload_page(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.login("coord").await;
    c.get("/plans").await;
    let docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    for declared in [None, Some(20_000)] {
        let bomb = docx_bomb(declared);
        assert!(bomb.len() < 8 << 20, "a small file: {}", bomb.len());
        let started = Instant::now();
        let r = c.upload("/plans/preview", "план.docx", docx, &bomb).await;
        assert!(started.elapsed() < Duration::from_secs(10), "refused fast");
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains(TOO_LARGE), "{declared:?}: {}", r.body);
        assert!(!r.body.contains("Это не план"), "{}", r.body);
    }
}

async fn an_odt_bomb_is_refused_as_odt(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.login("coord").await;
    c.get("/plans").await;
    let odt = "application/vnd.oasis.opendocument.text";
    let r = c
        .upload("/plans/preview", "план.odt", odt, &odt_bomb())
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("Файл .odt слишком велик после распаковки"),
        "{}",
        r.body
    );
}

async fn a_docx_bomb_is_refused_by_the_cli(t: &TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.docx");
    std::fs::write(&path, docx_bomb(None)).unwrap();
    let started = Instant::now();
    let stderr = crate::cli::fails(t, &["plan", "import", path.to_str().unwrap()]);
    assert!(started.elapsed() < Duration::from_secs(10), "refused fast");
    assert!(stderr.contains(TOO_LARGE), "{stderr}");
    assert!(!stderr.contains("Это не план"), "{stderr}");
}
