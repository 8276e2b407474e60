//! The bounded reader on small packages with small limits, lying headers,
//! and arbitrary bytes.

use super::*;
use proptest::prelude::*;
use std::io::Write;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const KB: u64 = 1024;

const SMALL: Limits = Limits {
    entries: 3,
    entry: 256 * KB,
    total: 400 * KB,
    ratio: 100,
    ratio_floor: 64 * KB,
};

fn package(parts: &[(&str, &[u8], CompressionMethod)]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, body, method) in parts {
        let options = SimpleFileOptions::default().compression_method(*method);
        w.start_file(*name, options).unwrap();
        w.write_all(body).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Every declared unpacked size set to `size`, as a bomb's lying headers.
fn lie(mut zip: Vec<u8>, size: u32) -> Vec<u8> {
    let patch = |zip: &mut Vec<u8>, sig: &[u8], at: usize| {
        let hits: Vec<usize> = zip
            .windows(4)
            .enumerate()
            .filter(|(_, w)| *w == sig)
            .map(|(i, _)| i)
            .collect();
        for i in hits {
            zip[i + at..i + at + 4].copy_from_slice(&size.to_le_bytes());
        }
    };
    patch(&mut zip, b"PK\x03\x04", 22);
    patch(&mut zip, b"PK\x01\x02", 24);
    zip
}

fn noise(n: usize) -> Vec<u8> {
    // Incompressible enough: a linear congruential sequence.
    let mut x: u32 = 12345;
    (0..n)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8
        })
        .collect()
}

#[test]
fn reads_parts_within_limits() {
    let zip = package(&[(
        "word/document.xml",
        b"<w:document/>",
        CompressionMethod::Deflated,
    )]);
    let mut p = Package::open(&zip, SMALL).unwrap();
    assert_eq!(p.read_text("word/document.xml").unwrap(), "<w:document/>");
    assert!(matches!(p.read("nope.xml"), Err(ZipError::Missing(_))));
}

#[test]
fn a_part_declared_too_large_is_refused_unread() {
    let zeros = vec![0u8; 300 * KB as usize];
    let zip = package(&[("a.xml", &zeros, CompressionMethod::Deflated)]);
    let err = Package::open(&zip, SMALL)
        .unwrap()
        .read("a.xml")
        .unwrap_err();
    assert!(matches!(err, ZipError::TooLarge(_)), "{err:?}");
}

#[test]
fn a_lying_header_is_caught_while_unpacking() {
    let zeros = vec![0u8; 300 * KB as usize];
    let zip = lie(
        package(&[("a.xml", &zeros, CompressionMethod::Deflated)]),
        100,
    );
    let err = Package::open(&zip, SMALL)
        .unwrap()
        .read("a.xml")
        .unwrap_err();
    // Past the ratio cap (64 KB floor) long before the CRC could be checked.
    assert!(matches!(err, ZipError::TooLarge(_)), "{err:?}");
}

#[test]
fn the_compression_ratio_is_capped() {
    let zeros = vec![0u8; 200 * KB as usize];
    let zip = package(&[("a.xml", &zeros, CompressionMethod::Deflated)]);
    let err = Package::open(&zip, SMALL)
        .unwrap()
        .read("a.xml")
        .unwrap_err();
    assert!(matches!(err, ZipError::TooLarge(_)), "{err:?}");
    let text = noise(200 * KB as usize);
    let zip = package(&[("a.xml", &text, CompressionMethod::Deflated)]);
    assert_eq!(
        Package::open(&zip, SMALL).unwrap().read("a.xml").unwrap(),
        text
    );
}

#[test]
fn the_total_and_the_part_count_are_capped() {
    let text = noise(250 * KB as usize);
    let stored = CompressionMethod::Stored;
    let zip = package(&[("a", &text, stored), ("b", &text, stored)]);
    let mut p = Package::open(&zip, SMALL).unwrap();
    p.read("a").unwrap();
    assert!(matches!(p.read("b"), Err(ZipError::TooLarge(_))));
    let parts: Vec<(String, &[u8], CompressionMethod)> = (0..4)
        .map(|i| (format!("p{i}"), &b"x"[..], stored))
        .collect();
    let refs: Vec<(&str, &[u8], CompressionMethod)> =
        parts.iter().map(|(n, b, m)| (n.as_str(), *b, *m)).collect();
    let zip = package(&refs);
    assert!(matches!(
        Package::open(&zip, SMALL),
        Err(ZipError::TooLarge(_))
    ));
}

proptest! {
    /// Arbitrary bytes, and a real package with bytes overwritten, never panic.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(mut p) = Package::open(&bytes, SMALL) {
            let _ = p.read("word/document.xml");
        }
    }

    #[test]
    fn damaged_packages_never_panic(at in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let mut zip = package(&[
            ("word/document.xml", b"<w:document><w:body/></w:document>", CompressionMethod::Deflated),
            ("x", b"stored", CompressionMethod::Stored),
        ]);
        for (i, b) in at {
            let i = i.index(zip.len());
            zip[i] = b;
        }
        if let Ok(mut p) = Package::open(&zip, SMALL) {
            let _ = p.read("word/document.xml");
            let _ = p.read("x");
        }
    }
}
