//! What the CSV-based feeds share: rows with the file line they start on,
//! the width check, the byte-order mark, and a reader that keeps the bytes
//! since the last row so lines can be counted while streaming a file.

use ::csv::StringRecord;
use std::io::{self, Read};

/// Every data row with the file line it starts on (what a spreadsheet or
/// an editor shows, so people can find it), or why it could not be read.
pub(in crate::registry::formats) fn rows<'r>(
    reader: &'r mut ::csv::Reader<&[u8]>,
    bytes: &'r [u8],
    comments: bool,
) -> impl Iterator<Item = (usize, Result<StringRecord, String>)> + 'r {
    let mut lines = LineCounter::default();
    reader.records().map(move |row| match row {
        Ok(r) => (lines.line_of(bytes, 0, r.position(), comments), Ok(r)),
        Err(e) => (
            lines.line_of(bytes, 0, e.position(), comments),
            Err(reason(&e)),
        ),
    })
}

/// A row error in words.
pub(super) fn reason(e: &::csv::Error) -> String {
    match e.kind() {
        ::csv::ErrorKind::Utf8 { .. } => "строка не в кодировке UTF-8".to_owned(),
        // The rest (field counts are checked by us, I/O ends the read)
        // should not occur; the crate's own words are kept for the record.
        _ => format!("строка не читается как CSV ({e})"),
    }
}

/// A row read, and of the width the header gives; `header` names that
/// header in the reason, in the prepositional ("строке заголовков").
pub(in crate::registry::formats) fn sized(
    row: Result<StringRecord, String>,
    width: usize,
    header: &str,
) -> Result<StringRecord, String> {
    let row = row?;
    if row.len() == width {
        Ok(row)
    } else {
        Err(format!("полей: {}, а в {header} — {width}", row.len()))
    }
}

/// Counts line breaks as the reader moves forward, so finding each row's
/// line costs only the bytes since the previous row (a million-row file
/// would otherwise be read a million times over).
#[derive(Default)]
pub(super) struct LineCounter {
    /// Absolute offset in the file up to which breaks are counted.
    pos: usize,
    breaks: usize,
}

impl LineCounter {
    /// The line of a row (or error) at `position`; 0 when unknown.
    pub(super) fn line_of(
        &mut self,
        window: &[u8],
        base: usize,
        position: Option<&::csv::Position>,
        comments: bool,
    ) -> usize {
        position.map_or(0, |p| {
            let byte = usize::try_from(p.byte()).unwrap_or(usize::MAX);
            self.line_at(window, base, byte, comments)
        })
    }

    /// Where counting has got to: bytes before it are no longer needed.
    pub(super) fn pos(&self) -> usize {
        self.pos
    }

    /// The line of the record the reader began at `byte`. `window` holds
    /// the file from offset `base` on (the whole file when `base` is 0). The
    /// reader reports where it stopped after the previous record, so the
    /// line breaks, blank lines and `#` lines it skipped before this one
    /// are skipped here too (its own line count ignores comments and
    /// miscounts CRLF).
    fn line_at(&mut self, window: &[u8], base: usize, byte: usize, comments: bool) -> usize {
        let mut at = byte.saturating_sub(base).min(window.len());
        loop {
            match window.get(at) {
                Some(b'\r' | b'\n') => at += 1,
                Some(b'#') if comments => {
                    let rest = window.get(at..).unwrap_or_default();
                    at += rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
                }
                _ => break,
            }
        }
        // Only a reader that went back would do this; start over from the
        // window then rather than count wrongly.
        if at + base < self.pos {
            *self = LineCounter {
                pos: base,
                breaks: 0,
            };
        }
        let from = self.pos.saturating_sub(base);
        self.breaks += window
            .get(from..at)
            .unwrap_or_default()
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.pos = at + base;
        1 + self.breaks
    }
}

/// Excel writes a byte-order mark before UTF-8 CSV.
pub(in crate::registry::formats) fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Bytes kept before dropping the counted ones: dropping shifts the rest,
/// so it is done only once this much has piled up.
const KEEP: usize = 1 << 20;

/// A reader that keeps what it has read since offset `base`: the CSV
/// reader buffers ahead, and a row's line is counted after it is parsed.
pub(super) struct Kept<R> {
    inner: R,
    kept: Vec<u8>,
    base: usize,
}

impl<R> Kept<R> {
    pub(super) fn new(inner: R) -> Kept<R> {
        Kept {
            inner,
            kept: Vec::new(),
            base: 0,
        }
    }

    /// The bytes kept and the file offset of the first.
    pub(super) fn window(&self) -> (&[u8], usize) {
        (&self.kept, self.base)
    }

    /// Lets go of the bytes before offset `pos`.
    pub(super) fn forget_before(&mut self, pos: usize) {
        let n = pos.saturating_sub(self.base).min(self.kept.len());
        if n >= KEEP {
            self.kept.drain(..n);
            self.base += n;
        }
    }

    pub(super) fn into_inner(self) -> R {
        self.inner
    }
}

impl<R: Read> Read for Kept<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.kept
            .extend_from_slice(buf.get(..n).unwrap_or_default());
        Ok(n)
    }
}
