//! A kit's only clock: its dataset's `created_at_ms`, as a UTC date and time.

/// A UTC date and time, to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Utc {
    pub year: i64,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

impl Utc {
    /// The moment `ms` milliseconds after 1970-01-01T00:00:00Z (the proleptic Gregorian calendar,
    /// by Howard Hinnant's `civil_from_days`, which holds for every `u64` input).
    pub(super) fn from_ms(ms: u64) -> Utc {
        let seconds = ms / 1000;
        let (days, of_day) = ((seconds / 86_400) as i64, seconds % 86_400);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe + era * 400 + i64::from(month <= 2);
        let (hour, minute, second) = ((of_day / 3_600) as u8, (of_day % 3_600 / 60) as u8, (of_day % 60) as u8);
        Utc { year, month, day, hour, minute, second }
    }

    /// `2026-03-01 14:05 UTC`.
    pub(super) fn minutes(&self) -> String {
        format!("{:04}-{:02}-{:02} {:02}:{:02} UTC", self.year, self.month, self.day, self.hour, self.minute)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn milliseconds_become_a_utc_date() {
        let at = |year, month, day, hour, minute, second| Utc { year, month, day, hour, minute, second };
        assert_eq!(Utc::from_ms(0), at(1970, 1, 1, 0, 0, 0));
        // 2024-02-29T23:59:59.999Z, a leap day.
        assert_eq!(Utc::from_ms(1_709_251_199_999), at(2024, 2, 29, 23, 59, 59));
        assert_eq!(Utc::from_ms(1_709_251_200_000), at(2024, 3, 1, 0, 0, 0));
        assert_eq!(Utc::from_ms(1_709_251_200_000).minutes(), "2024-03-01 00:00 UTC");
        // The largest input neither panics nor wraps.
        assert!(Utc::from_ms(u64::MAX).year > 500_000_000);
    }
}
