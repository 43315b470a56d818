//! The kit as one zip: every file under the kit's folder, in the kit's order, stored uncompressed,
//! each dated by the dataset's `created_at_ms`, so the same kit is always the same bytes.
//!
//! Written here rather than with the `zip` crate: the zip is made in the background worker, whose
//! WASM budget the crate's writer went over by itself (docs/BENCHMARKS.md, "Training kit's zip"),
//! while a stored archive is three fixed records per file (PKWARE's APPNOTE 6.3.10, sections 4.3.7,
//! 4.3.12 and 4.3.16). Stored, not deflated: it is saved to the curator's own disk, so compressing
//! saves no transfer. The tests read it back with the `zip` crate and Python's `zipfile`.

use super::Kit;
use super::time::Utc;

/// Why a kit could not be zipped: only a kit assembled by hand (two files with one path, a file of
/// 4 GiB) can fail; without ZIP64, a plain archive has 32-bit sizes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the kit could not be zipped: {0}")]
pub struct KitZipError(String);

/// Version 2.0 (plain stored files), made on Unix (so the permissions are read).
const VERSION_NEEDED: u16 = 20;
const VERSION_MADE_BY: u16 = (3 << 8) | 20;
/// Names are UTF-8.
const FLAGS: u16 = 1 << 11;
/// `-rw-r--r--`, a regular file.
const UNIX_FILE: u32 = 0o100_644 << 16;

impl Kit {
    /// The zip of the kit: `<folder>/README.md`, `<folder>/data/train.jsonl`, …
    pub fn to_zip(&self) -> Result<Vec<u8>, KitZipError> {
        let (time, date) = dos_time(self.created_at_ms);
        let mut out = Vec::new();
        let mut central = Vec::new();
        let mut names = std::collections::HashSet::new();
        for file in &self.files {
            let name = format!("{}/{}", self.folder, file.path);
            if !names.insert(name.clone()) {
                return Err(KitZipError(format!("two files are named {name}")));
            }
            let data = file.contents.as_bytes();
            let size = u32::try_from(data.len()).map_err(|_| KitZipError(format!("{name} is 4 GiB or more")))?;
            let name_len =
                u16::try_from(name.len()).map_err(|_| KitZipError(format!("the name {name} is too long")))?;
            let offset = u32::try_from(out.len()).map_err(|_| KitZipError("the kit is 4 GiB or more".into()))?;
            let crc = crc32(data);
            // The local header, then the file.
            put(&mut out, &[0x0403_4b50]);
            put16(&mut out, &[VERSION_NEEDED, FLAGS, 0, time, date]);
            put(&mut out, &[crc, size, size]);
            put16(&mut out, &[name_len, 0]);
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(data);
            // Its central directory entry.
            put(&mut central, &[0x0201_4b50]);
            put16(&mut central, &[VERSION_MADE_BY, VERSION_NEEDED, FLAGS, 0, time, date]);
            put(&mut central, &[crc, size, size]);
            put16(&mut central, &[name_len, 0, 0, 0, 0]);
            put(&mut central, &[UNIX_FILE, offset]);
            central.extend_from_slice(name.as_bytes());
        }
        let entries = u16::try_from(self.files.len()).map_err(|_| KitZipError("more than 65535 files".into()))?;
        let too_big = |_| KitZipError("the kit is 4 GiB or more".into());
        let (at, length) = (u32::try_from(out.len()).map_err(too_big)?, u32::try_from(central.len()).map_err(too_big)?);
        out.extend_from_slice(&central);
        // The end of the central directory: one disk, no comment.
        put(&mut out, &[0x0605_4b50]);
        put16(&mut out, &[0, 0, entries, entries]);
        put(&mut out, &[length, at]);
        put16(&mut out, &[0]);
        Ok(out)
    }
}

fn put(out: &mut Vec<u8>, values: &[u32]) {
    values.iter().for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
}

fn put16(out: &mut Vec<u8>, values: &[u16]) {
    values.iter().for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
}

/// `created_at_ms` as an entry's MS-DOS time and date (1980 to 2107, to two seconds), the nearest
/// end of that range when outside it.
fn dos_time(created_at_ms: u64) -> (u16, u16) {
    let at = Utc::from_ms(created_at_ms);
    match at.year {
        ..1980 => (0, (1 << 5) | 1),
        2108.. => ((23 << 11) | (59 << 5) | 29, (127 << 9) | (12 << 5) | 31),
        year => {
            let time = (u16::from(at.hour) << 11) | (u16::from(at.minute) << 5) | u16::from(at.second / 2);
            let date = (((year - 1980) as u16) << 9) | (u16::from(at.month) << 5) | u16::from(at.day);
            (time, date)
        }
    }
}

/// The CRC-32 zip uses (IEEE 802.3, reflected), a byte at a time from a table made at compile time.
fn crc32(data: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut n = 0;
        while n < 256 {
            let mut c = n as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
                k += 1;
            }
            table[n] = c;
            n += 1;
        }
        table
    };
    !data.iter().fold(!0u32, |crc, &byte| TABLE[((crc ^ u32::from(byte)) & 0xFF) as usize] ^ (crc >> 8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[wasm_bindgen_test::wasm_bindgen_test(unsupported = test)]
    fn the_crc_is_zips() {
        // The check value of CRC-32/ISO-HDLC.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[wasm_bindgen_test::wasm_bindgen_test(unsupported = test)]
    fn times_outside_dos_range_are_its_ends() {
        assert_eq!(dos_time(0), (0, (1 << 5) | 1));
        // 2026-01-01T12:00:00Z.
        assert_eq!(dos_time(1_767_268_800_000), (12 << 11, (46 << 9) | (1 << 5) | 1));
    }
}
