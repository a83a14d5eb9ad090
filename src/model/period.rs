//! Dates and periods: a year, a quarter, a month or a day, shown at the precision
//! given and sorted by the last day they cover.

use std::cmp::Ordering;
use std::fmt;

use crate::model::quantity::Lang;

/// A span of time at the precision the source gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Year(i32),
    /// Year and quarter, 1–4.
    Quarter(i32, u8),
    /// Year and month, 1–12.
    Month(i32, u8),
    /// Year, month and day.
    Day(i32, u8, u8),
}

const EXPECTED: &str =
    "expected a year (2023), a month (\"2023-06\"), a quarter (\"2023-Q2\") or a date (2023-06-30)";
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const QUARTERS_ZH: [&str; 4] = ["一", "二", "三", "四"];
const YEARS: std::ops::RangeInclusive<i64> = 1000..=9999;

fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in a month; 31 for a month number out of range.
fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn month_name(month: u8) -> Option<&'static str> {
    MONTHS.get(usize::from(month).checked_sub(1)?).copied()
}

fn check_year(year: i64) -> Result<i32, String> {
    match i32::try_from(year) {
        Ok(y) if YEARS.contains(&year) => Ok(y),
        _ => Err(format!("year {year} is out of range (1000–9999)")),
    }
}

fn check_month(month: u8) -> Result<u8, String> {
    if (1..=12).contains(&month) {
        Ok(month)
    } else {
        Err(format!("month {month} does not exist (01–12)"))
    }
}

fn check_day(year: i32, month: u8, day: u8) -> Result<u8, String> {
    let last = days_in_month(year, month);
    if (1..=last).contains(&day) {
        Ok(day)
    } else {
        let name = month_name(month).unwrap_or("the month");
        Err(format!(
            "day {day} does not exist: {name} {year} has {last} days"
        ))
    }
}

/// Exactly `len` ASCII digits, as a number.
fn digits(s: &str, len: usize) -> Option<u16> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

impl Period {
    /// Parse "2023", "2023-06", "2023-Q2" or "2023-06-30".
    pub fn parse_str(s: &str) -> Result<Period, String> {
        let text = s.trim();
        let fail = |why: String| format!("`{text}` is not a period: {why}");
        let parts: Vec<&str> = text.split('-').collect();
        let year = |y: &str| match digits(y, 4) {
            Some(year) => check_year(i64::from(year)).map_err(fail),
            None if !y.is_empty() && y.bytes().all(|b| b.is_ascii_digit()) => {
                Err(fail("a year has four digits, as in 2023".to_string()))
            }
            None => Err(fail(EXPECTED.to_string())),
        };
        let month = |m: &str| match digits(m, 2) {
            Some(month) => check_month(u8::try_from(month).unwrap_or(u8::MAX)).map_err(fail),
            None if digits(m, 1).is_some() => Err(fail(format!(
                "write the month with two digits, as in \"{}-0{m}\"",
                parts[0]
            ))),
            None => Err(fail(EXPECTED.to_string())),
        };
        match parts.as_slice() {
            [y] => Ok(Period::Year(year(y)?)),
            [y, q] if q.starts_with(['Q', 'q']) => {
                let y = year(y)?;
                match digits(&q[1..], 1) {
                    Some(n @ 1..=4) => Ok(Period::Quarter(y, n as u8)),
                    _ => Err(fail("a quarter is Q1, Q2, Q3 or Q4".to_string())),
                }
            }
            [y, m] => Ok(Period::Month(year(y)?, month(m)?)),
            [y, m, d] => {
                let (y, m) = (year(y)?, month(m)?);
                match digits(d, 2) {
                    Some(d) => {
                        let d = u8::try_from(d).unwrap_or(u8::MAX);
                        Ok(Period::Day(y, m, check_day(y, m, d).map_err(fail)?))
                    }
                    None => Err(fail(
                        "write the day with two digits, as in 2023-06-30".to_string(),
                    )),
                }
            }
            _ => Err(fail(EXPECTED.to_string())),
        }
    }

    /// An integer TOML value: a year between 1000 and 9999.
    pub fn from_year(y: i64) -> Result<Period, String> {
        check_year(y).map(Period::Year)
    }

    /// A TOML date, checked against the calendar (leap years included).
    pub fn from_toml_date(year: u16, month: u8, day: u8) -> Result<Period, String> {
        let year = check_year(i64::from(year))?;
        let month = check_month(month)?;
        Ok(Period::Day(year, month, check_day(year, month, day)?))
    }

    /// The last day covered: a year ends on 31 December, Q2 on 30 June.
    pub fn end(&self) -> (i32, u8, u8) {
        match *self {
            Period::Year(y) => (y, 12, 31),
            Period::Quarter(y, q) => {
                let month = q.clamp(1, 4) * 3;
                (y, month, days_in_month(y, month))
            }
            Period::Month(y, m) => (y, m, days_in_month(y, m)),
            Period::Day(y, m, d) => (y, m, d),
        }
    }

    pub fn year(&self) -> i32 {
        match *self {
            Period::Year(y)
            | Period::Quarter(y, _)
            | Period::Month(y, _)
            | Period::Day(y, _, _) => y,
        }
    }

    /// Whether this is a quarter (not allowed for dates, only for indicator periods).
    pub fn is_quarter(&self) -> bool {
        matches!(self, Period::Quarter(..))
    }

    /// "2023", "2023-Q2", "2023-06", "2023-06-30".
    pub fn iso(&self) -> String {
        // The year, then each field after its separator, zero-padded to its width.
        let (year, fields) = match *self {
            Period::Year(y) => (y, [None, None]),
            Period::Quarter(y, q) => (y, [Some(("-Q", q, 1)), None]),
            Period::Month(y, m) => (y, [Some(("-", m, 2)), None]),
            Period::Day(y, m, d) => (y, [Some(("-", m, 2)), Some(("-", d, 2))]),
        };
        // Written digit by digit where every part fits its width (every valid period):
        // `format!` with padding is slow, and every value of every export has a period.
        let fits = (0..=9999).contains(&year)
            && fields
                .iter()
                .flatten()
                .all(|(_, value, width)| u32::from(*value) < 10_u32.pow(*width));
        if fits {
            let mut out = String::with_capacity(10);
            push_digits(&mut out, year.unsigned_abs(), 4);
            for (separator, value, width) in fields.into_iter().flatten() {
                out.push_str(separator);
                push_digits(&mut out, u32::from(value), width);
            }
            return out;
        }
        match *self {
            Period::Year(y) => format!("{y:04}"),
            Period::Quarter(y, q) => format!("{y:04}-Q{q}"),
            Period::Month(y, m) => format!("{y:04}-{m:02}"),
            Period::Day(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
        }
    }

    /// For readers: "Q2 2023", "30 June 2023"; in Chinese "2023年第二季度", "2023年6月30日".
    pub fn display(&self, lang: Lang) -> String {
        match (*self, lang) {
            (Period::Year(y), Lang::En) => y.to_string(),
            (Period::Quarter(y, q), Lang::En) => format!("Q{q} {y}"),
            (Period::Month(y, m), Lang::En) => match month_name(m) {
                Some(name) => format!("{name} {y}"),
                None => self.iso(),
            },
            (Period::Day(y, m, d), Lang::En) => match month_name(m) {
                Some(name) => format!("{d} {name} {y}"),
                None => self.iso(),
            },
            (Period::Year(y), Lang::Zh) => format!("{y}年"),
            (Period::Quarter(y, q), Lang::Zh) => {
                match QUARTERS_ZH.get(usize::from(q).wrapping_sub(1)) {
                    Some(n) => format!("{y}年第{n}季度"),
                    None => format!("{y}年第{q}季度"),
                }
            }
            (Period::Month(y, m), Lang::Zh) => format!("{y}年{m}月"),
            (Period::Day(y, m, d), Lang::Zh) => format!("{y}年{m}月{d}日"),
        }
    }

    /// Coarser periods first when two end on the same day.
    fn precision(&self) -> u8 {
        match self {
            Period::Year(_) => 0,
            Period::Quarter(..) => 1,
            Period::Month(..) => 2,
            Period::Day(..) => 3,
        }
    }

    /// The sort key: end date, precision, then the fields themselves so that the
    /// order agrees with equality even for out-of-range values. Packed in one integer,
    /// most significant first: periods are compared in every sort and roll-up.
    fn sort_key(&self) -> u128 {
        let fields = match *self {
            Period::Year(_) => (0, 0),
            Period::Quarter(_, q) => (q, 0),
            Period::Month(_, m) => (m, 0),
            Period::Day(_, m, d) => (m, d),
        };
        let (year, month, day) = self.end();
        // The year offset to be unsigned keeps negative years in order.
        let year = u128::from(year.wrapping_sub(i32::MIN) as u32);
        year << 40
            | u128::from(month) << 32
            | u128::from(day) << 24
            | u128::from(self.precision()) << 16
            | u128::from(fields.0) << 8
            | u128::from(fields.1)
    }
}

/// The last `width` decimal digits of `n`, zero-padded.
fn push_digits(out: &mut String, n: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = (n / 10_u32.pow(place) % 10) as u8;
        out.push(char::from(b'0' + digit));
    }
}

impl Ord for Period {
    /// By end date, then coarser before finer precision.
    fn cmp(&self, other: &Self) -> Ordering {
        // Two periods of the same kind are in the order of their fields, as the full
        // key would put them (a quarter's end only clamps it, monotonically).
        match (self, other) {
            (Period::Year(a), Period::Year(b)) => a.cmp(b),
            (Period::Quarter(y, q), Period::Quarter(z, r))
            | (Period::Month(y, q), Period::Month(z, r)) => (y, q).cmp(&(z, r)),
            (Period::Day(y, m, d), Period::Day(z, n, e)) => (y, m, d).cmp(&(z, n, e)),
            _ => self.sort_key().cmp(&other.sort_key()),
        }
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Period {
    /// The ISO form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_each_form() {
        assert_eq!(Period::parse_str("2023"), Ok(Period::Year(2023)));
        assert_eq!(Period::parse_str("2023-06"), Ok(Period::Month(2023, 6)));
        assert_eq!(Period::parse_str("2023-Q2"), Ok(Period::Quarter(2023, 2)));
        assert_eq!(
            Period::parse_str("2023-06-30"),
            Ok(Period::Day(2023, 6, 30))
        );
        assert_eq!(
            Period::parse_str(" 2024-02-29 "),
            Ok(Period::Day(2024, 2, 29))
        );
        assert_eq!(Period::from_year(2024), Ok(Period::Year(2024)));
        assert_eq!(
            Period::from_toml_date(2024, 1, 8),
            Ok(Period::Day(2024, 1, 8))
        );
        assert_eq!(
            Period::from_toml_date(2000, 2, 29),
            Ok(Period::Day(2000, 2, 29))
        );
    }

    #[test]
    fn rejects_invalid_periods_with_clear_messages() {
        let cases = [
            (
                "2023-13",
                "`2023-13` is not a period: month 13 does not exist (01–12)",
            ),
            (
                "2023-00",
                "`2023-00` is not a period: month 0 does not exist (01–12)",
            ),
            (
                "2023-02-30",
                "`2023-02-30` is not a period: day 30 does not exist: February 2023 has 28 days",
            ),
            (
                "2023-Q5",
                "`2023-Q5` is not a period: a quarter is Q1, Q2, Q3 or Q4",
            ),
            (
                "2023-Q0",
                "`2023-Q0` is not a period: a quarter is Q1, Q2, Q3 or Q4",
            ),
            (
                "23",
                "`23` is not a period: a year has four digits, as in 2023",
            ),
            (
                "June 2023",
                &format!("`June 2023` is not a period: {EXPECTED}"),
            ),
            ("2023Q2", &format!("`2023Q2` is not a period: {EXPECTED}")),
            ("", &format!("`` is not a period: {EXPECTED}")),
            (
                "2023-6",
                "`2023-6` is not a period: write the month with two digits, as in \"2023-06\"",
            ),
            (
                "2023-06-3",
                "`2023-06-3` is not a period: write the day with two digits, as in 2023-06-30",
            ),
            (
                "0999",
                "`0999` is not a period: year 999 is out of range (1000–9999)",
            ),
            (
                "2023-06-30-1",
                &format!("`2023-06-30-1` is not a period: {EXPECTED}"),
            ),
            (
                "２０２３",
                &format!("`２０２３` is not a period: {EXPECTED}"),
            ),
        ];
        for (text, message) in cases {
            assert_eq!(Period::parse_str(text), Err(message.to_string()), "{text}");
        }
        assert_eq!(
            Period::from_year(12345),
            Err("year 12345 is out of range (1000–9999)".to_string())
        );
        assert!(Period::from_year(i64::MIN).is_err());
        assert!(Period::from_toml_date(2023, 2, 29).is_err());
        assert!(Period::from_toml_date(1900, 2, 29).is_err());
        assert!(Period::from_toml_date(2023, 4, 31).is_err());
        assert!(Period::from_toml_date(2023, 0, 1).is_err());
        assert!(Period::from_toml_date(2023, 1, 0).is_err());
        assert!(Period::from_toml_date(0, 1, 1).is_err());
    }

    #[test]
    fn ends_and_accessors() {
        assert_eq!(Period::Year(2023).end(), (2023, 12, 31));
        assert_eq!(Period::Quarter(2023, 1).end(), (2023, 3, 31));
        assert_eq!(Period::Quarter(2023, 2).end(), (2023, 6, 30));
        assert_eq!(Period::Month(2024, 2).end(), (2024, 2, 29));
        assert_eq!(Period::Month(2023, 2).end(), (2023, 2, 28));
        assert_eq!(Period::Day(2023, 6, 1).end(), (2023, 6, 1));
        assert_eq!(Period::Month(2023, 6).year(), 2023);
        assert!(Period::Quarter(2023, 2).is_quarter());
        assert!(!Period::Month(2023, 2).is_quarter());
    }

    #[test]
    fn sorts_by_end_then_coarser_first() {
        let mut periods = vec![
            Period::Day(2023, 12, 31),
            Period::Month(2023, 12),
            Period::Quarter(2023, 4),
            Period::Year(2023),
            Period::Day(2023, 6, 30),
            Period::Quarter(2023, 2),
            Period::Month(2023, 6),
            Period::Year(2022),
            Period::Day(2024, 1, 1),
            Period::Month(2023, 7),
        ];
        periods.sort();
        assert_eq!(
            periods,
            vec![
                Period::Year(2022),
                Period::Quarter(2023, 2),
                Period::Month(2023, 6),
                Period::Day(2023, 6, 30),
                Period::Month(2023, 7),
                Period::Year(2023),
                Period::Quarter(2023, 4),
                Period::Month(2023, 12),
                Period::Day(2023, 12, 31),
                Period::Day(2024, 1, 1),
            ]
        );
    }

    #[test]
    fn shows_in_both_languages() {
        let cases = [
            (Period::Year(2023), "2023", "2023", "2023年"),
            (
                Period::Quarter(2023, 2),
                "2023-Q2",
                "Q2 2023",
                "2023年第二季度",
            ),
            (Period::Month(2023, 6), "2023-06", "June 2023", "2023年6月"),
            (
                Period::Day(2023, 6, 30),
                "2023-06-30",
                "30 June 2023",
                "2023年6月30日",
            ),
        ];
        for (period, iso, en, zh) in cases {
            assert_eq!(period.iso(), iso);
            assert_eq!(period.to_string(), iso);
            assert_eq!(period.display(Lang::En), en);
            assert_eq!(period.display(Lang::Zh), zh);
            assert_eq!(Period::parse_str(iso), Ok(period));
        }
        // Out-of-range values built by hand still show something, never panic.
        assert_eq!(Period::Month(2023, 13).display(Lang::En), "2023-13");
        assert_eq!(Period::Quarter(2023, 9).display(Lang::Zh), "2023年第9季度");
        assert_eq!(Period::Quarter(2023, 200).end(), (2023, 12, 31));
    }

    fn any_period() -> impl Strategy<Value = Period> {
        prop_oneof![
            any::<i32>().prop_map(Period::Year),
            (any::<i32>(), any::<u8>()).prop_map(|(y, q)| Period::Quarter(y, q)),
            (any::<i32>(), any::<u8>()).prop_map(|(y, m)| Period::Month(y, m)),
            (any::<i32>(), any::<u8>(), any::<u8>()).prop_map(|(y, m, d)| Period::Day(y, m, d)),
        ]
    }

    /// Periods around one year end, a few out of range, so that ends often coincide.
    fn nearby_period() -> impl Strategy<Value = Period> {
        prop_oneof![
            (2022..2025).prop_map(Period::Year),
            (2022..2025, 0_u8..20).prop_map(|(y, q)| Period::Quarter(y, q)),
            (2022..2025, 0_u8..14).prop_map(|(y, m)| Period::Month(y, m)),
            (2022..2025, 0_u8..14, 0_u8..33).prop_map(|(y, m, d)| Period::Day(y, m, d)),
        ]
    }

    proptest! {
        #[test]
        fn order_is_total_and_agrees_with_equality(a in any_period(), b in any_period()) {
            prop_assert_eq!(a.cmp(&b) == Ordering::Equal, a == b);
            prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
            let _ = (a.display(Lang::En), a.display(Lang::Zh), a.iso());
        }

        #[test]
        fn packed_order_is_the_order_of_end_precision_and_fields(
            (a, b) in prop_oneof![
                (any_period(), any_period()),
                (nearby_period(), nearby_period()),
            ],
        ) {
            let reference = |p: &Period| {
                let fields = match *p {
                    Period::Year(_) => (0, 0),
                    Period::Quarter(_, q) | Period::Month(_, q) => (q, 0),
                    Period::Day(_, m, d) => (m, d),
                };
                (p.end(), p.precision(), fields)
            };
            prop_assert_eq!(a.cmp(&b), reference(&a).cmp(&reference(&b)));
        }

        #[test]
        fn iso_is_what_padded_formatting_writes(
            p in prop_oneof![any_period(), nearby_period(), (0..10_000).prop_map(Period::Year)],
        ) {
            let reference = match p {
                Period::Year(y) => format!("{y:04}"),
                Period::Quarter(y, q) => format!("{y:04}-Q{q}"),
                Period::Month(y, m) => format!("{y:04}-{m:02}"),
                Period::Day(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
            };
            prop_assert_eq!(p.iso(), reference);
        }

        #[test]
        fn parse_never_panics(text in ".*") {
            let _ = Period::parse_str(&text);
        }

        #[test]
        fn valid_dates_round_trip(y in 1000_u16..=9999, m in 1_u8..=12, d in 1_u8..=31) {
            match Period::from_toml_date(y, m, d) {
                Ok(p) => prop_assert_eq!(Period::parse_str(&p.iso()), Ok(p)),
                Err(_) => prop_assert!(d > 28),
            }
        }
    }
}
