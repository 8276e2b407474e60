//! DOCX and XLSX building blocks. Pure: data in, bytes out; no database,
//! no clock.

pub mod consolidated;
pub mod consolidated_docx;
pub mod consolidated_xlsx;
pub mod docx_common;
pub mod docx_requisites;
pub mod encoding;
pub mod requisites;
pub mod sheet;
pub mod xml;
pub mod zip_read;

#[cfg(test)]
pub(crate) mod consolidated_fixture;

/// Why a document could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum OfficeError {
    /// The underlying writer failed; the message is the library's own.
    #[error("cannot write the document: {0}")]
    Write(String),
}

/// A document we failed to build is ours to fix: a 500.
impl From<OfficeError> for crate::error::Error {
    fn from(e: OfficeError) -> Self {
        crate::error::Error::Internal(e.to_string())
    }
}
