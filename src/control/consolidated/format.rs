//! The two forms of the consolidated report: the .docx for the meeting
//! and the .xlsx for analysis, with their names, media types and the
//! `kind` an issued one is kept under.

use crate::error::Result;
use crate::office::consolidated::ConsolidatedReport;
use crate::office::requisites::{Issue, Requisites};
use crate::office::{consolidated_docx, consolidated_xlsx};

/// The two forms of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Docx,
    Xlsx,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "docx" => Some(Format::Docx),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
        }
    }

    /// The `kind` an issued document of this form is kept under.
    pub fn kind(self) -> &'static str {
        match self {
            Format::Docx => "consolidated_docx",
            Format::Xlsx => "consolidated_xlsx",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    pub fn render(
        self,
        r: &ConsolidatedReport,
        req: &Requisites,
        issue: &Issue,
    ) -> Result<Vec<u8>> {
        Ok(match self {
            Format::Docx => consolidated_docx::to_docx(r, req, issue),
            Format::Xlsx => consolidated_xlsx::to_xlsx(r, req, issue),
        }?)
    }
}
