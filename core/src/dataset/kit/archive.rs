//! The kit as one zip: every file under the kit's folder, in the kit's order, stored uncompressed,
//! each dated by the dataset's `created_at_ms`, so the same kit is always the same bytes.
//!
//! Stored, not deflated: the zip is made in the browser and saved to the curator's own disk, so
//! compressing it saves no transfer, while a deflate encoder would add about 15 KB to the background
//! worker's WASM, whose budget is tight (docs/BENCHMARKS.md, "Training kit's zip": the whole corpus's
//! kit is 3.8 MB stored, 0.73 MB deflated).

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::Kit;
use super::time::Utc;

/// Why a kit could not be zipped: only a kit assembled by hand (two files with one path) can fail.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the kit could not be zipped: {0}")]
pub struct KitZipError(String);

impl From<zip::result::ZipError> for KitZipError {
    fn from(error: zip::result::ZipError) -> Self {
        KitZipError(error.to_string())
    }
}

impl From<std::io::Error> for KitZipError {
    fn from(error: std::io::Error) -> Self {
        KitZipError(error.to_string())
    }
}

impl Kit {
    /// The zip of the kit: `<folder>/README.md`, `<folder>/data/train.jsonl`, …
    pub fn to_zip(&self) -> Result<Vec<u8>, KitZipError> {
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Stored)
            .last_modified_time(dos_time(self.created_at_ms))
            .unix_permissions(0o644);
        let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
        for file in &self.files {
            // ZIP64 only for a file that needs it (none of a real kit), so small kits stay plain.
            let large = u32::try_from(file.contents.len()).is_err();
            writer.start_file(format!("{}/{}", self.folder, file.path), options.large_file(large))?;
            writer.write_all(file.contents.as_bytes())?;
        }
        Ok(writer.finish()?.into_inner())
    }
}

/// `created_at_ms` as a zip entry's date and time (MS-DOS: 1980 to 2107, to two seconds), the
/// nearest end of that range when outside it.
fn dos_time(created_at_ms: u64) -> DateTime {
    let at = Utc::from_ms(created_at_ms);
    let Ok(year) = u16::try_from(at.year) else { return DateTime::default() };
    if year > 2107 {
        return DateTime::from_date_and_time(2107, 12, 31, 23, 59, 58).unwrap_or_default();
    }
    DateTime::from_date_and_time(year, at.month, at.day, at.hour, at.minute, at.second).unwrap_or_default()
}
