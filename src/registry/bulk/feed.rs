//! The feeds a bulk import reads: a parsed file, or our CSV streamed row
//! by row with the file's hash taken on the way.

use crate::registry::formats::{CsvRows, Parsed, Record, Reject};
use sha2::{Digest, Sha256};
use std::io::Read;

/// A parsed file as a feed: the parser's rejects, then its records.
pub(super) fn feed_of(
    parsed: Parsed,
) -> impl Iterator<Item = Result<Record, Reject>> + Send + 'static {
    parsed
        .rejects
        .into_iter()
        .map(Err)
        .chain(parsed.records.into_iter().map(Ok))
}

/// Our CSV's rows as a feed of records and rejects.
pub(super) struct CsvFeed<R> {
    pub(super) rows: CsvRows<R>,
    pending: std::vec::IntoIter<Record>,
}

impl<R> CsvFeed<R> {
    pub(super) fn new(rows: CsvRows<R>) -> CsvFeed<R> {
        CsvFeed {
            rows,
            pending: Vec::new().into_iter(),
        }
    }
}

impl<R: Read> Iterator for CsvFeed<R> {
    type Item = Result<Record, Reject>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(r) = self.pending.next() {
                return Some(Ok(r));
            }
            match self.rows.next_row()? {
                Ok(records) => self.pending = records.into_iter(),
                Err(reject) => return Some(Err(reject)),
            }
        }
    }
}

/// A reader that hashes what passes through it.
pub(super) struct Hashing<R> {
    inner: R,
    sha: Sha256,
}

impl<R> Hashing<R> {
    pub(super) fn new(inner: R) -> Hashing<R> {
        Hashing {
            inner,
            sha: Sha256::new(),
        }
    }

    pub(super) fn hex(self) -> String {
        dozor_indicator::hex(&self.sha.finalize())
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.sha.update(buf.get(..n).unwrap_or_default());
        Ok(n)
    }
}
