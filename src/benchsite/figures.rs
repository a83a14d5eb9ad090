//! Figures written the ways sources write them ("1.371 million yuan", "137.1万元",
//! "22,850,000 yuan", "23个村", "12.5%"). Every figure is made from an integer, so its
//! text is exact: `decimal(1371, 3)` is "1.371", never 1.3709999.

use super::rng::Rng;

/// An integer rounded to `digits` significant digits (figures in reports are).
pub fn round_sig(value: u64, digits: u32) -> u64 {
    let len = value.checked_ilog10().map_or(1, |l| l + 1);
    if len <= digits {
        return value;
    }
    let unit = 10u64.pow(len - digits);
    (value + unit / 2) / unit * unit
}

/// `value / 10^places`, exactly, without trailing zeros: `decimal(13710, 4)` = "1.371".
pub fn decimal(value: u64, places: u32) -> String {
    let unit = 10u64.pow(places);
    let whole = value / unit;
    let fraction = value % unit;
    if fraction == 0 {
        return whole.to_string();
    }
    let digits = format!("{fraction:0width$}", width = places as usize);
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// Thousands separators: 22850000 → "22,850,000".
pub fn grouped(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// How a record writes its money: one style per record, as one source would.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyStyle {
    /// "1.371 million yuan", "3.2 billion yuan"
    Western,
    /// "137.1万元", "3.2亿元"
    Chinese,
    /// "22,850,000 yuan", "RMB 5 million"
    Plain,
}

impl MoneyStyle {
    pub fn any(rng: &mut Rng) -> MoneyStyle {
        match rng.below(10) {
            0..=4 => MoneyStyle::Western,
            5..=7 => MoneyStyle::Chinese,
            _ => MoneyStyle::Plain,
        }
    }
}

/// An amount of yuan in a style.
pub fn money(yuan: u64, style: MoneyStyle) -> String {
    match style {
        MoneyStyle::Western if yuan >= 1_000_000_000 => {
            format!("{} billion yuan", decimal(yuan / 1000, 6))
        }
        MoneyStyle::Western if yuan >= 1_000_000 => format!("{} million yuan", decimal(yuan, 6)),
        MoneyStyle::Western => format!("{} yuan", grouped(yuan)),
        MoneyStyle::Chinese if yuan >= 100_000_000 => format!("{}亿元", decimal(yuan, 8)),
        MoneyStyle::Chinese => format!("{}万元", decimal(yuan, 4)),
        MoneyStyle::Plain if yuan % 1_000_000 == 0 && yuan >= 1_000_000 => {
            format!("RMB {} million", grouped(yuan / 1_000_000))
        }
        MoneyStyle::Plain => format!("{} yuan", grouped(yuan)),
    }
}

/// A leading qualifier now and then, in the script of the figure.
pub fn qualified(text: String, chinese: bool, rng: &mut Rng) -> String {
    if !rng.chance(12) {
        return text;
    }
    let words: &[&str] = if chinese {
        &["约", "近", "超过", "逾"]
    } else {
        &["about ", "nearly ", "over ", "more than "]
    };
    format!("{}{text}", rng.pick(words))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_to_significant_digits() {
        assert_eq!(round_sig(1_371_234, 4), 1_371_000);
        assert_eq!(round_sig(1_371_500, 4), 1_372_000);
        assert_eq!(round_sig(987, 4), 987);
        assert_eq!(round_sig(0, 3), 0);
    }

    #[test]
    fn decimals_are_exact_and_trimmed() {
        assert_eq!(decimal(1_371_000, 6), "1.371");
        assert_eq!(decimal(300_000_000, 8), "3");
        assert_eq!(decimal(5, 2), "0.05");
        assert_eq!(decimal(1250, 2), "12.5");
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(grouped(22_850_000), "22,850,000");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
    }

    #[test]
    fn money_in_each_style() {
        assert_eq!(money(1_371_000, MoneyStyle::Western), "1.371 million yuan");
        assert_eq!(
            money(3_200_000_000, MoneyStyle::Western),
            "3.2 billion yuan"
        );
        assert_eq!(money(215_000, MoneyStyle::Western), "215,000 yuan");
        assert_eq!(money(1_371_000, MoneyStyle::Chinese), "137.1万元");
        assert_eq!(money(320_000_000, MoneyStyle::Chinese), "3.2亿元");
        assert_eq!(money(5_000_000, MoneyStyle::Plain), "RMB 5 million");
        assert_eq!(money(22_850_000, MoneyStyle::Plain), "22,850,000 yuan");
    }
}
