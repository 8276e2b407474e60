//! The one reader of uploaded zip packages (.docx; .odt and .xlsx when they
//! come), bounded so that a small file cannot unpack into gigabytes. A
//! zip's headers say how large each part is, but a bomb may lie, so each
//! part is read through `take(limit + 1)` and measured as it unpacks: the
//! number of parts, each part's declared and actual size, the package's
//! total and the compression ratio are all capped, and memory stays below
//! the per-part cap whatever the file claims.

use std::io::{Cursor, Read};
use zip::ZipArchive;

/// The caps of one package.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Parts listed in the package.
    pub entries: u64,
    /// Bytes one part may unpack to.
    pub entry: u64,
    /// Bytes all parts read may unpack to together.
    pub total: u64,
    /// Unpacked bytes per packed byte, once a part is past `ratio_floor`.
    pub ratio: u64,
    pub ratio_floor: u64,
}

const MB: u64 = 1024 * 1024;

/// Far above a real plan (the seed's body is well under 1 MB of XML, Word
/// compresses it about tenfold), far below what would hurt the server.
pub const OFFICE: Limits = Limits {
    entries: 1_000,
    entry: 32 * MB,
    total: 64 * MB,
    ratio: 100,
    ratio_floor: MB,
};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ZipError {
    #[error("not a readable zip package: {0}")]
    Unreadable(String),
    #[error("no {0} inside")]
    Missing(String),
    /// The package unpacks beyond `Limits`: a zip bomb or no office file.
    #[error("too large once unpacked: {0}")]
    TooLarge(String),
}

/// An opened package whose parts are read within its limits.
pub struct Package<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    limits: Limits,
    /// Bytes unpacked so far, against `limits.total`.
    spent: u64,
}

impl<'a> Package<'a> {
    /// Opens `bytes`, refusing before the central directory is parsed when
    /// it lists more parts than allowed (each listed part costs memory).
    pub fn open(bytes: &'a [u8], limits: Limits) -> Result<Package<'a>, ZipError> {
        if let Some(n) = listed_entries(bytes)
            && n > limits.entries
        {
            return Err(ZipError::TooLarge(format!("{n} parts listed")));
        }
        let archive =
            ZipArchive::new(Cursor::new(bytes)).map_err(|e| ZipError::Unreadable(e.to_string()))?;
        if archive.len() as u64 > limits.entries {
            return Err(ZipError::TooLarge(format!("{} parts", archive.len())));
        }
        Ok(Package {
            archive,
            limits,
            spent: 0,
        })
    }

    /// The unpacked bytes of the part `name`.
    pub fn read(&mut self, name: &str) -> Result<Vec<u8>, ZipError> {
        let l = self.limits;
        let entry = self
            .archive
            .by_name(name)
            .map_err(|_| ZipError::Missing(name.to_string()))?;
        let declared = entry.size();
        let left = l.total.saturating_sub(self.spent);
        if declared > l.entry || declared > left {
            return Err(ZipError::TooLarge(format!(
                "{name} declares {declared} bytes"
            )));
        }
        let by_ratio = entry
            .compressed_size()
            .saturating_mul(l.ratio)
            .max(l.ratio_floor);
        let limit = l.entry.min(left).min(by_ratio);
        let mut out = Vec::with_capacity(usize::try_from(declared.min(limit)).unwrap_or(0));
        if let Err(e) = entry.take(limit + 1).read_to_end(&mut out) {
            // zip itself stops a part that unpacks past its declared size:
            // a lying header, which is a bomb's, not a damaged file's.
            return Err(if out.len() as u64 >= declared && declared > 0 {
                ZipError::TooLarge(format!("{name} unpacks past its declared {declared} bytes"))
            } else {
                ZipError::Unreadable(format!("{name}: {e}"))
            });
        }
        let read = out.len() as u64;
        if read > limit {
            return Err(ZipError::TooLarge(format!(
                "{name} unpacks past {limit} bytes"
            )));
        }
        self.spent += read;
        Ok(out)
    }

    /// `read` as UTF-8 text.
    pub fn read_text(&mut self, name: &str) -> Result<String, ZipError> {
        String::from_utf8(self.read(name)?)
            .map_err(|_| ZipError::Unreadable(format!("{name} is not UTF-8")))
    }
}

/// The part count the end-of-central-directory record states, when it is
/// found; a saturated count (a zip64 archive, which no office file needs)
/// reads as the largest.
fn listed_entries(bytes: &[u8]) -> Option<u64> {
    const EOCD: &[u8] = b"PK\x05\x06";
    // The record is 22 bytes plus a comment of at most 65,535.
    let from = bytes.len().saturating_sub(22 + 65_535);
    let at = bytes[from..]
        .windows(4)
        .rposition(|w| w == EOCD)
        .map(|i| from + i)?;
    let total = bytes.get(at + 10..at + 12)?;
    let n = u16::from_le_bytes([total[0], total[1]]);
    Some(if n == u16::MAX {
        u64::MAX
    } else {
        u64::from(n)
    })
}

#[cfg(test)]
mod tests;
