//! Decimal numbers for people ("12,3 MB", "κ 0,42"), written with integers: float formatting would
//! add its machinery to the page's WASM for a few labels.

/// `value` with one decimal and a comma, as Chile writes it: `12.34` → `"12,3"`.
pub fn tenths(value: f64) -> String {
    decimals(value, 10, 1)
}

/// `value` with two decimals: `-0.416` → `"-0,42"`.
pub fn hundredths(value: f64) -> String {
    decimals(value, 100, 2)
}

/// A share from 0 to 1 as a whole percent: `0.416` → `"42"`.
pub fn percent(share: f64) -> String {
    // The cast saturates (NaN gives 0), so it cannot panic.
    ((share * 100.0).round().max(0.0) as u64).to_string()
}

fn decimals(value: f64, scale: u64, places: usize) -> String {
    // The cast saturates (NaN gives 0), so it cannot panic.
    let scaled = (value.abs() * scale as f64).round() as u64;
    let sign = if value < 0.0 && scaled > 0 { "-" } else { "" };
    format!("{sign}{},{:0places$}", scaled / scale, scaled % scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_half_away_from_zero_with_a_decimal_comma() {
        assert_eq!(tenths(12.34), "12,3");
        assert_eq!(tenths(0.05), "0,1");
        assert_eq!(hundredths(0.416), "0,42");
        assert_eq!(hundredths(-0.416), "-0,42");
        assert_eq!(hundredths(1.0), "1,00");
        assert_eq!(hundredths(-0.001), "0,00");
        assert_eq!(hundredths(f64::NAN), "0,00");
        assert_eq!(percent(0.416), "42");
        assert_eq!(percent(1.0), "100");
        assert_eq!(percent(f64::NAN), "0");
    }
}
