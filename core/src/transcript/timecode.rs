//! Clock times as subtitles and spreadsheets write them: `H:MM:SS`, `MM:SS`, `HH:MM:SS,mmm`,
//! `MM:SS.mmm`; and seconds as JSON numbers.

/// Milliseconds of a clock time `[H:]M:SS[(.|,)f]`. The leading field may have any number of
/// digits (an hour-long routine written `75:30`); later fields are two digits below 60; the
/// fraction has 1 to 3 digits. `None` when `s` is not such a time.
pub(crate) fn parse_clock(s: &str) -> Option<u64> {
    let (clock, fraction) = match s.rfind(['.', ',']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let fraction_ms = match fraction {
        None => 0,
        Some(f) if (1..=3).contains(&f.len()) && all_digits(f) => {
            // "5" is 500 ms, "05" 50 ms: pad to three digits.
            f.parse::<u64>().ok()? * 10u64.pow(3 - f.len() as u32)
        }
        Some(_) => return None,
    };
    // Two or three fields, taken without collecting them (this runs once per caption).
    let mut fields = clock.split(':');
    let (lead, minutes, seconds_field) = (fields.next()?, fields.next()?, fields.next());
    if fields.next().is_some() {
        return None;
    }
    if lead.is_empty() || lead.len() > 6 || !all_digits(lead) {
        return None;
    }
    let mut seconds: u64 = lead.parse().ok()?;
    for field in std::iter::once(minutes).chain(seconds_field) {
        if field.len() != 2 || !all_digits(field) {
            return None;
        }
        let value: u64 = field.parse().ok()?;
        if value >= 60 {
            return None;
        }
        seconds = seconds.checked_mul(60)?.checked_add(value)?;
    }
    seconds.checked_mul(1000)?.checked_add(fraction_ms)
}

/// Strict `HH:MM:SS` (the jokes CSV's `start_timestamp`): exactly three two-digit fields.
pub(crate) fn parse_hh_mm_ss(s: &str) -> Option<u64> {
    let fields: Vec<&str> = s.split(':').collect();
    if fields.len() != 3 || fields.iter().any(|f| f.len() != 2) {
        return None;
    }
    parse_clock(s)
}

/// Largest accepted time in seconds (over 11 days): anything bigger is a unit mix-up, not a routine.
pub(crate) const MAX_SECONDS: f64 = 1_000_000.0;

/// Milliseconds of a non-negative, finite number of seconds up to [`MAX_SECONDS`].
pub(crate) fn seconds_to_ms(seconds: f64) -> Option<u64> {
    if seconds.is_finite() && (0.0..=MAX_SECONDS).contains(&seconds) {
        // The range check above keeps the cast exact enough and in range.
        Some((seconds * 1000.0).round() as u64)
    } else {
        None
    }
}

fn all_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn reads_the_clock_shapes_subtitles_use() {
        assert_eq!(parse_clock("00:00:01,500"), Some(1_500));
        assert_eq!(parse_clock("01:02.5"), Some(62_500));
        assert_eq!(parse_clock("1:02:03"), Some(3_723_000));
        assert_eq!(parse_clock("75:30"), Some(4_530_000));
        assert_eq!(parse_clock("0:00:04.05"), Some(4_050));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn refuses_what_is_not_a_clock() {
        for bad in ["", "12", "1:2", "00:60", "a:00", "00:00:01,5000", "00:00:01.", ":00", "1:00:00:00", "０:00"] {
            assert_eq!(parse_clock(bad), None, "{bad:?}");
        }
        assert_eq!(parse_hh_mm_ss("0:03:31"), None);
        assert_eq!(parse_hh_mm_ss("00:03:31"), Some(211_000));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn seconds_must_be_sane() {
        assert_eq!(seconds_to_ms(26.039), Some(26_039));
        assert_eq!(seconds_to_ms(-1.0), None);
        assert_eq!(seconds_to_ms(f64::NAN), None);
        assert_eq!(seconds_to_ms(1e300), None);
    }
}
