//! Exact quantities: the contract's quantity strings ("1.371 million yuan",
//! "137.1万元", "5000多 households") parsed into exact decimals, converted between
//! units, and formatted for display. No floating point anywhere; the only rounding
//! is a conversion factor with no exact decimal (10 places) and display.

use std::borrow::Cow;
use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};

/// Decimal places kept by a conversion that has no exact decimal result.
const CONVERSION_DP: u32 = 10;
/// Longest unit text tried, in bytes ("square kilometres" and declared nouns fit).
const MAX_UNIT_LEN: usize = 64;

/// How a stated figure relates to the true one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Qualifier {
    Exact,
    About,
    Nearly,
    Over,
    AtLeast,
    AtMost,
    Under,
}

impl Qualifier {
    /// Whether the figure is stated as exact.
    pub fn is_exact(&self) -> bool {
        matches!(self, Self::Exact)
    }

    /// The word shown before the number; empty for `Exact`.
    pub fn word(&self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Exact, _) => "",
            (Self::About, Lang::En) => "about",
            (Self::Nearly, Lang::En) => "nearly",
            (Self::Over, Lang::En) => "over",
            (Self::AtLeast, Lang::En) => "at least",
            (Self::AtMost, Lang::En) => "up to",
            (Self::Under, Lang::En) => "under",
            (Self::About, Lang::Zh) => "约",
            (Self::Nearly, Lang::Zh) => "近",
            (Self::Over, Lang::Zh) => "超",
            (Self::AtLeast, Lang::Zh) => "不少于",
            (Self::AtMost, Lang::Zh) => "不超过",
            (Self::Under, Lang::Zh) => "不足",
        }
    }
}

/// The language of labels and qualifier words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

/// How money is shown: "1.371 million yuan" or "137.1万元".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MoneyStyle {
    #[default]
    Western,
    Chinese,
}

/// What a quantity measures. Values of one dimension convert into each other.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Dimension {
    Money,
    Ratio,
    Area,
    Energy,
    Power,
    Mass,
    /// A count of things, holding the canonical counting noun ("villages").
    Count(String),
}

impl Dimension {
    /// The written name of the base unit: "yuan", "%", "m2", "kWh", "kW", "t" or the noun.
    pub fn base_unit(&self) -> &str {
        match self {
            Self::Money => "yuan",
            Self::Ratio => "%",
            Self::Area => "m2",
            Self::Energy => "kWh",
            Self::Power => "kW",
            Self::Mass => "t",
            Self::Count(noun) => noun,
        }
    }
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Money => f.write_str("money"),
            Self::Ratio => f.write_str("a ratio"),
            Self::Area => f.write_str("an area"),
            Self::Energy => f.write_str("energy"),
            Self::Power => f.write_str("power"),
            Self::Mass => f.write_str("a mass"),
            Self::Count(noun) => write!(f, "a count of {noun}"),
        }
    }
}

/// A unit: its dimension and how many base units one of it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Unit {
    pub dimension: Dimension,
    /// Multiply a value in this unit by `factor` to get the dimension's base unit.
    pub factor: Decimal,
    /// The canonical written form: "yuan", "%", "m2", "hectares", "kWh", "villages".
    pub name: String,
}

impl Unit {
    /// The base unit of a dimension (factor 1).
    pub fn base(dimension: Dimension) -> Unit {
        let name = dimension.base_unit().to_string();
        Unit {
            dimension,
            factor: Decimal::ONE,
            name,
        }
    }

    /// A value in this unit expressed in the base unit.
    pub fn to_base(&self, value: Decimal) -> Result<Decimal, ConversionError> {
        value
            .checked_mul(self.factor)
            .map(|v| v.normalize())
            .ok_or_else(|| ConversionError::OutOfRange {
                unit: self.name.clone(),
            })
    }

    /// A value in the base unit expressed in this unit: exact in the base unit itself,
    /// rounded once at 10 decimal places in any other (which only an inexact division
    /// such as m2 to mu needs).
    pub fn from_base(&self, base: Decimal) -> Result<Decimal, ConversionError> {
        let quotient =
            base.checked_div(self.factor)
                .ok_or_else(|| ConversionError::OutOfRange {
                    unit: self.name.clone(),
                })?;
        // The base unit itself divides by 1: the value stays exact, however many
        // decimals it has. Other units are rounded, once.
        if self.factor == Decimal::ONE {
            return Ok(quotient.normalize());
        }
        Ok(quotient
            .round_dp_with_strategy(CONVERSION_DP, RoundingStrategy::MidpointAwayFromZero)
            .normalize())
    }
}

/// Why a value could not be expressed in a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConversionError {
    /// The unit measures something else.
    Incompatible { from: Dimension, to: Dimension },
    /// The result does not fit in a decimal.
    OutOfRange { unit: String },
}

impl fmt::Display for ConversionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Incompatible { from, to } => write!(f, "cannot convert {from} to {to}"),
            Self::OutOfRange { unit } => write!(f, "the value is too large to express in {unit}"),
        }
    }
}

impl std::error::Error for ConversionError {}

/// The dimensions of the built-in units.
#[derive(Clone, Copy)]
enum Base {
    Money,
    Ratio,
    Area,
    Energy,
    Power,
    Mass,
}

impl Base {
    fn dimension(self) -> Dimension {
        match self {
            Self::Money => Dimension::Money,
            Self::Ratio => Dimension::Ratio,
            Self::Area => Dimension::Area,
            Self::Energy => Dimension::Energy,
            Self::Power => Dimension::Power,
            Self::Mass => Dimension::Mass,
        }
    }
}

/// A built-in unit: factor = `num / den`, rounded once at 10 places when inexact.
struct BuiltIn {
    name: &'static str,
    base: Base,
    num: i64,
    den: i64,
    words: &'static [&'static str],
}

#[rustfmt::skip]
const BUILT_INS: &[BuiltIn] = &[
    built_in("yuan", Base::Money, 1, 1, &["yuan", "CNY", "RMB", "元", "人民币"]),
    built_in("万元", Base::Money, 10_000, 1, &["万元"]),
    built_in("亿元", Base::Money, 100_000_000, 1, &["亿元"]),
    built_in("%", Base::Ratio, 1, 1, &["%", "％", "percent", "per cent"]),
    built_in("‰", Base::Ratio, 1, 10, &["‰", "per mille", "permille"]),
    built_in("m2", Base::Area, 1, 1, &[
        "m2", "m²", "sq m", "square meters", "square meter", "square metres", "square metre",
        "平方米",
    ]),
    built_in("hectares", Base::Area, 10_000, 1, &["hectares", "hectare", "ha", "公顷"]),
    built_in("mu", Base::Area, 10_000, 15, &["mu", "亩"]),
    built_in("km2", Base::Area, 1_000_000, 1, &[
        "km2", "km²", "square kilometers", "square kilometer", "square kilometres",
        "square kilometre", "平方公里", "平方千米",
    ]),
    built_in("kWh", Base::Energy, 1, 1, &["kWh", "kilowatt-hours", "kilowatt hours", "千瓦时"]),
    built_in("MWh", Base::Energy, 1_000, 1, &["MWh", "megawatt-hours", "megawatt hours", "兆瓦时"]),
    built_in("GWh", Base::Energy, 1_000_000, 1, &["GWh", "gigawatt-hours", "gigawatt hours"]),
    built_in("kW", Base::Power, 1, 1, &["kW", "kilowatts", "kilowatt", "千瓦"]),
    built_in("MW", Base::Power, 1_000, 1, &["MW", "megawatts", "megawatt", "兆瓦"]),
    built_in("GW", Base::Power, 1_000_000, 1, &["GW", "gigawatts", "gigawatt"]),
    built_in("t", Base::Mass, 1, 1, &["t", "tonnes", "tonne", "tons", "ton", "吨"]),
    built_in("kg", Base::Mass, 1, 1_000, &["kg", "kilograms", "kilogram", "公斤", "千克"]),
];

const fn built_in(
    name: &'static str,
    base: Base,
    num: i64,
    den: i64,
    words: &'static [&'static str],
) -> BuiltIn {
    BuiltIn {
        name,
        base,
        num,
        den,
        words,
    }
}

impl BuiltIn {
    fn unit(&self) -> Unit {
        let factor = (Decimal::from(self.num) / Decimal::from(self.den))
            .round_dp_with_strategy(CONVERSION_DP, RoundingStrategy::MidpointAwayFromZero)
            .normalize();
        Unit {
            dimension: self.base.dimension(),
            factor,
            name: self.name.to_string(),
        }
    }
}

/// A counting noun declared by the indicator catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Noun {
    canonical: String,
    aliases: Vec<String>,
}

/// The units a site knows: the built-in ones, the site's currency code, and the
/// counting nouns that indicators.toml declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitCatalog {
    currency: String,
    nouns: Vec<Noun>,
}

impl Default for UnitCatalog {
    fn default() -> Self {
        Self::new()
    }
}

impl UnitCatalog {
    /// The built-in units, with the currency CNY and no counting nouns.
    pub fn new() -> Self {
        UnitCatalog {
            currency: "CNY".to_string(),
            nouns: Vec::new(),
        }
    }

    /// Sets the site's currency code (`currency` in site.toml); it is then accepted
    /// as a money prefix and unit beside yuan, CNY, RMB, 元 and ¥.
    pub fn set_currency(&mut self, code: &str) {
        self.currency = code.trim().to_string();
    }

    /// The site's currency code.
    pub fn currency(&self) -> &str {
        &self.currency
    }

    /// Declare a counting noun (e.g. "households") with aliases (e.g. ["household", "户"]).
    /// Declaring the same noun again adds its new aliases. Built-in unit words keep
    /// their built-in meaning.
    pub fn add_count_unit(&mut self, canonical: &str, aliases: &[String]) {
        let canonical = canonical.trim();
        let index = match self.nouns.iter().position(|n| n.canonical == canonical) {
            Some(i) => i,
            None => {
                self.nouns.push(Noun {
                    canonical: canonical.to_string(),
                    aliases: Vec::new(),
                });
                self.nouns.len() - 1
            }
        };
        let noun = &mut self.nouns[index];
        for alias in aliases {
            let alias = alias.trim();
            if !alias.is_empty() && !noun.aliases.iter().any(|a| a == alias) {
                noun.aliases.push(alias.to_string());
            }
        }
    }

    /// Resolve a unit name as written in indicators.toml `unit = "..."` or after a
    /// number (built-in or declared noun). ASCII case and repeated spaces do not matter;
    /// a noun matches singular or plural.
    pub fn unit(&self, name: &str) -> Option<Unit> {
        // Runs of white space count as one space; most names have none to fold.
        let single_spaced = name
            .split(' ')
            .all(|word| !word.is_empty() && !word.contains(char::is_whitespace));
        let name: Cow<str> = if single_spaced {
            Cow::Borrowed(name)
        } else {
            Cow::Owned(name.split_whitespace().collect::<Vec<_>>().join(" "))
        };
        let name = name.as_ref();
        if name.is_empty() {
            return None;
        }
        if let Some(b) = BUILT_INS
            .iter()
            .find(|b| b.words.iter().any(|w| w.eq_ignore_ascii_case(name)))
        {
            return Some(b.unit());
        }
        if self.currency.eq_ignore_ascii_case(name) {
            return Some(Unit {
                dimension: Dimension::Money,
                factor: Decimal::ONE,
                name: self.currency.to_ascii_uppercase(),
            });
        }
        self.nouns
            .iter()
            .find(|n| {
                std::iter::once(&n.canonical)
                    .chain(&n.aliases)
                    .any(|w| same_noun(w, name))
            })
            .map(|n| Unit::base(Dimension::Count(n.canonical.clone())))
    }

    /// Every unit word known (built-ins, currency, nouns and aliases), for "did you mean".
    pub fn known_words(&self) -> Vec<String> {
        let mut words: Vec<String> = Vec::new();
        let all = BUILT_INS
            .iter()
            .flat_map(|b| b.words.iter().map(|w| w.to_string()))
            .chain(std::iter::once(self.currency.clone()))
            .chain(
                self.nouns
                    .iter()
                    .flat_map(|n| std::iter::once(n.canonical.clone()).chain(n.aliases.clone())),
            );
        for word in all {
            if !words.contains(&word) {
                words.push(word);
            }
        }
        words
    }
}

/// Whether two spellings name the same noun: equal ignoring ASCII case, or one the
/// regular English plural of the other (village/villages, business/businesses,
/// company/companies).
fn same_noun(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
    let plural_of = |plural: &str, single: &str| {
        plural.strip_suffix('s') == Some(single)
            || plural.strip_suffix("es") == Some(single)
            || (single
                .strip_suffix('y')
                .is_some_and(|stem| plural.strip_suffix("ies") == Some(stem)))
    };
    a == b || (!a.is_empty() && !b.is_empty() && (plural_of(&a, &b) || plural_of(&b, &a)))
}

/// An amount as a record states it, held exactly in its dimension's base unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    /// In the dimension's base unit, scale word and unit factor applied
    /// ("137.1万元" -> 1371000, "30 hectares" -> 300000 m2). For a range: the low end.
    pub value: Decimal,
    /// A range's high end, base unit.
    pub high: Option<Decimal>,
    pub dimension: Dimension,
    pub qualifier: Qualifier,
    /// The text exactly as written.
    pub source: String,
}

impl Quantity {
    /// The value, or the middle of a range.
    pub fn midpoint(&self) -> Decimal {
        match self.high {
            // Halving first keeps the sum in range but for two ends both near the
            // largest decimal, whose gap is then small enough to halve instead.
            Some(high) => (self.value / Decimal::TWO)
                .checked_add(high / Decimal::TWO)
                .or_else(|| {
                    let gap = high.checked_sub(self.value)?;
                    self.value.checked_add(gap / Decimal::TWO)
                })
                .unwrap_or(self.value)
                .normalize(),
            None => self.value,
        }
    }

    /// Whether the figure is qualified (about, over …) or a range.
    pub fn is_approximate(&self) -> bool {
        !self.qualifier.is_exact() || self.high.is_some()
    }

    /// The midpoint expressed in `unit`: exact in the base unit, rounded once at 10
    /// decimal places in another.
    pub fn in_unit(&self, unit: &Unit) -> Result<Decimal, ConversionError> {
        if self.dimension != unit.dimension {
            return Err(ConversionError::Incompatible {
                from: self.dimension.clone(),
                to: unit.dimension.clone(),
            });
        }
        unit.from_base(self.midpoint())
    }

    /// Qualifier word, value (or range) and unit, money in `style`:
    /// "nearly 100 million yuan", "近1亿元", "100,000–150,000 yuan".
    pub fn format(&self, style: MoneyStyle, lang: Lang, currency: &str) -> String {
        let value = render(
            self.value,
            self.high,
            &self.dimension,
            self.dimension.base_unit(),
            style,
            currency,
        );
        match (self.qualifier.word(lang), lang) {
            ("", _) => value,
            (word, Lang::Zh) => format!("{word}{value}"),
            (word, Lang::En) => format!("{word} {value}"),
        }
    }
}

/// A quantity that does not parse: what is wrong, a hint, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuantityError {
    pub message: String,
    pub help: Option<String>,
    /// Byte offset inside the string where the problem starts, if known.
    pub offset: Option<usize>,
}

impl QuantityError {
    fn at(offset: usize, message: impl Into<String>, help: Option<String>) -> Self {
        QuantityError {
            message: message.into(),
            help,
            offset: Some(offset),
        }
    }
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.help {
            Some(help) => write!(f, "{}: {help}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for QuantityError {}

const UNIT_HELP: &str = "units are yuan, 元, %, m2, hectares, mu, kWh, kW, t, … \
     or a counting unit declared in indicators.toml";

/// Parse a quantity string; money words mean the catalog's currency.
pub fn parse(text: &str, catalog: &UnitCatalog) -> Result<Quantity, QuantityError> {
    Parser {
        text,
        pos: 0,
        catalog,
    }
    .quantity()
}

/// A bare TOML number (`value = 23` or `12.5`) given as its literal text, in `unit`.
pub fn parse_bare(literal: &str, unit: &Unit) -> Result<Quantity, QuantityError> {
    let number = bare_number(literal)?;
    let value = unit.to_base(number).map_err(|_| too_large(0))?;
    Ok(Quantity {
        value,
        high: None,
        dimension: unit.dimension.clone(),
        qualifier: Qualifier::Exact,
        source: literal.to_string(),
    })
}

/// A TOML integer or float literal (underscores, sign, exponent) as an exact decimal.
fn bare_number(literal: &str) -> Result<Decimal, QuantityError> {
    let offset = literal.len() - literal.trim_start().len();
    let bad = || {
        QuantityError::at(
            offset,
            format!("`{}` is not a number", literal.trim()),
            Some("write a decimal number such as 23 or 12.5".to_string()),
        )
    };
    let cleaned: String = literal.trim().chars().filter(|&c| c != '_').collect();
    let (mantissa, exponent) = match cleaned.find(['e', 'E']) {
        Some(i) => (&cleaned[..i], Some(&cleaned[i + 1..])),
        None => (&cleaned[..], None),
    };
    let digits = mantissa.strip_prefix(['+', '-']).unwrap_or(mantissa);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int) || !all_digits(frac) {
        return Err(bad());
    }
    let mut value = Decimal::from_str_exact(mantissa.strip_prefix('+').unwrap_or(mantissa))
        .map_err(|_| too_large(offset))?;
    if let Some(exponent) = exponent {
        let exponent: i32 = exponent.parse().map_err(|_| bad())?;
        if exponent < 0 {
            let scale = value.scale().saturating_add(exponent.unsigned_abs());
            value.set_scale(scale).map_err(|_| too_large(offset))?;
        } else {
            // Any nonzero value overflows long before 64 powers of ten.
            for _ in 0..exponent.min(64) {
                value = value
                    .checked_mul(Decimal::TEN)
                    .ok_or_else(|| too_large(offset))?;
            }
        }
    }
    Ok(value.normalize())
}

fn too_large(offset: usize) -> QuantityError {
    QuantityError::at(
        offset,
        "the number is too large or has too many decimal places",
        Some("a quantity holds at most 28 significant digits".to_string()),
    )
}

/// Leading qualifiers, longest first where one is the start of another.
const LEADING: &[(&str, Qualifier)] = &[
    ("approximately", Qualifier::About),
    ("no less than", Qualifier::AtLeast),
    ("no more than", Qualifier::AtMost),
    ("more than", Qualifier::Over),
    ("less than", Qualifier::Under),
    ("at least", Qualifier::AtLeast),
    ("at most", Qualifier::AtMost),
    ("around", Qualifier::About),
    ("nearly", Qualifier::Nearly),
    ("almost", Qualifier::Nearly),
    ("about", Qualifier::About),
    ("up to", Qualifier::AtMost),
    ("under", Qualifier::Under),
    ("over", Qualifier::Over),
    (">=", Qualifier::AtLeast),
    ("<=", Qualifier::AtMost),
    ("≥", Qualifier::AtLeast),
    ("≤", Qualifier::AtMost),
    (">", Qualifier::Over),
    ("<", Qualifier::Under),
    ("~", Qualifier::About),
    ("～", Qualifier::About),
    ("≈", Qualifier::About),
    ("不少于", Qualifier::AtLeast),
    ("不超过", Qualifier::AtMost),
    ("大约", Qualifier::About),
    ("将近", Qualifier::Nearly),
    ("超过", Qualifier::Over),
    ("不足", Qualifier::Under),
    ("不到", Qualifier::Under),
    ("至少", Qualifier::AtLeast),
    ("约", Qualifier::About),
    ("近", Qualifier::Nearly),
    ("超", Qualifier::Over),
    ("逾", Qualifier::Over),
];

/// Qualifiers written straight after the number or the scale: "5000多", "20余万", "5,000+".
const SUFFIXES: &[(&str, Qualifier)] = &[
    ("多", Qualifier::Over),
    ("余", Qualifier::Over),
    ("+", Qualifier::Over),
];

/// Qualifiers that close the quantity: "100万元左右".
const TRAILING: &[(&str, Qualifier)] = &[
    ("左右", Qualifier::About),
    ("以上", Qualifier::AtLeast),
    ("以下", Qualifier::AtMost),
];

/// Scale words and their powers of ten, longest first where one starts another.
const SCALES: &[(&str, u32)] = &[
    ("thousand", 3),
    ("million", 6),
    ("billion", 9),
    ("trillion", 12),
    ("万亿", 12),
    ("千万", 7),
    ("百万", 6),
    ("万", 4),
    ("亿", 8),
];

/// Between the two ends of a range.
const RANGE_SEPARATORS: &[&str] = &["to", "–", "—", "-", "~", "～", "至", "到"];

const MONEY_PREFIXES: &[&str] = &["¥", "￥", "RMB", "CNY"];

/// English number words, for the hint that numbers are written in digits.
const NUMBER_WORDS: &str = "zero one two three four five six seven eight nine ten eleven twelve \
     twenty thirty forty fifty hundred hundreds thousand thousands million millions billion \
     billions trillion a an half dozen dozens several";

/// Whether `rest` starts with `word` (ASCII case ignored) and, for a word ending in an
/// ASCII letter, is not followed by another ASCII letter.
fn starts_with_word(rest: &str, word: &str) -> bool {
    // Most words of a table differ at once: their first byte decides, quickly.
    if let (Some(a), Some(b)) = (rest.as_bytes().first(), word.as_bytes().first())
        && !a.eq_ignore_ascii_case(b)
    {
        return false;
    }
    let Some(head) = rest.get(..word.len()) else {
        return false;
    };
    if !head.eq_ignore_ascii_case(word) {
        return false;
    }
    let ends_in_letter = word.chars().last().is_some_and(|c| c.is_ascii_alphabetic());
    let next_is_letter = rest[word.len()..]
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic());
    !(ends_in_letter && next_is_letter)
}

/// The first entry of `table` that `rest` starts with, and its length in bytes.
fn match_table<T: Copy>(rest: &str, table: &[(&str, T)]) -> Option<(T, usize)> {
    // No word of the tables starts with a digit (a test checks it), and a quantity's
    // number is where the tables are most often tried.
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    table
        .iter()
        .find(|(word, _)| starts_with_word(rest, word))
        .map(|&(word, value)| (value, word.len()))
}

/// The closest of `candidates` to `word` (case ignored) and its edit distance, if
/// close enough to suggest: one edit in four characters, for words of 3 to 64.
fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<(usize, &'a str)> {
    let word = word.to_lowercase();
    let len = word.chars().count();
    if !(3..=MAX_UNIT_LEN).contains(&len) {
        return None;
    }
    let limit = (len / 4).max(1);
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&word, &c.to_lowercase()), c))
        .filter(|&(distance, _)| distance <= limit)
        .min_by_key(|&(distance, _)| distance)
}

/// One end of a quantity or range, as written.
struct End {
    number: Decimal,
    at: usize,
    scale: Option<u32>,
    suffix: Option<Qualifier>,
    unit: Option<Unit>,
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    catalog: &'a UnitCatalog,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.text[self.pos..]
    }

    fn skip_ws(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn quantity(mut self) -> Result<Quantity, QuantityError> {
        self.skip_ws();
        if self.rest().is_empty() {
            return Err(QuantityError::at(
                0,
                "empty quantity",
                Some("write a number with its unit, e.g. \"1.371 million yuan\"".to_string()),
            ));
        }
        let mut qualifier = self.table(LEADING);
        let money_prefix = self.money_prefix();
        if qualifier.is_none() {
            qualifier = self.table(LEADING);
        }
        let mut low = self.end()?;
        let high = if self.range_separator() {
            Some(self.end()?)
        } else {
            None
        };
        let trailing = self.table(TRAILING);
        if !self.rest().is_empty() {
            let found = self.rest().trim_end();
            return Err(QuantityError::at(
                self.pos,
                format!("unexpected `{found}` after the quantity"),
                Some("a quantity is a number, a scale word and a unit, as in \"137.1万元\"".into()),
            ));
        }

        // A range's first end borrows the second's unit, and its scale when it has none
        // of its own ("1 to 2 million yuan") unless that would put it above the second
        // ("500,000 to 2 million yuan").
        let mut borrowed_scale = false;
        if let Some(h) = &high {
            if low.scale.is_none() && low.unit.is_none() && h.scale.is_some() {
                low.scale = h.scale;
                borrowed_scale = true;
            }
            if low.unit.is_none() {
                low.unit = h.unit.clone();
            }
        }
        let money = || Unit::base(Dimension::Money);
        let unit = match (&low.unit, money_prefix) {
            (Some(unit), Some(prefix)) if unit.dimension != Dimension::Money => {
                return Err(QuantityError::at(
                    prefix,
                    format!("a money prefix cannot go with `{}`", unit.name),
                    Some("drop the currency sign or write a money unit".to_string()),
                ));
            }
            (Some(unit), _) => unit.clone(),
            (None, Some(_)) => money(),
            (None, None) => {
                return Err(QuantityError::at(
                    self.text.trim_end().len(),
                    "expected a unit after the number",
                    Some(UNIT_HELP.to_string()),
                ));
            }
        };
        let mut value = Self::value(&low, &unit)?;
        let high_value = match &high {
            Some(h) => {
                let h_unit = h.unit.clone().unwrap_or_else(|| unit.clone());
                if h_unit.dimension != unit.dimension {
                    return Err(QuantityError::at(
                        h.at,
                        format!(
                            "the two ends of the range differ: {} and {}",
                            unit.dimension, h_unit.dimension
                        ),
                        None,
                    ));
                }
                let v = Self::value(h, &h_unit)?;
                if v < value && borrowed_scale {
                    low.scale = None;
                    value = Self::value(&low, &unit)?;
                }
                if v < value {
                    return Err(QuantityError::at(
                        low.at,
                        "the range's first end is greater than its second",
                        Some("write the smaller number first".to_string()),
                    ));
                }
                Some(v)
            }
            None => None,
        };
        let qualifier = qualifier
            .or(low.suffix)
            .or(high.as_ref().and_then(|h| h.suffix))
            .or(trailing)
            .unwrap_or(Qualifier::Exact);
        Ok(Quantity {
            value,
            high: high_value,
            dimension: unit.dimension,
            qualifier,
            source: self.text.to_string(),
        })
    }

    /// The end's number, scaled and in the base unit.
    fn value(end: &End, unit: &Unit) -> Result<Decimal, QuantityError> {
        let scaled = match end.scale {
            Some(power) => end
                .number
                .checked_mul(Decimal::from(10_i64.pow(power)))
                .ok_or_else(|| too_large(end.at))?,
            None => end.number,
        };
        unit.to_base(scaled).map_err(|_| too_large(end.at))
    }

    fn table(&mut self, table: &[(&str, Qualifier)]) -> Option<Qualifier> {
        let (qualifier, len) = match_table(self.rest(), table)?;
        self.pos += len;
        self.skip_ws();
        Some(qualifier)
    }

    /// A leading `¥`, `RMB`, `CNY` or the site's currency code; returns its offset.
    fn money_prefix(&mut self) -> Option<usize> {
        let currency = self.catalog.currency.as_str();
        let prefix = MONEY_PREFIXES
            .iter()
            .copied()
            .chain((!currency.is_empty()).then_some(currency))
            .find(|p| starts_with_word(self.rest(), p))?;
        let at = self.pos;
        self.pos += prefix.len();
        self.skip_ws();
        Some(at)
    }

    /// Consumes a range separator ("to", "–", "至" …) if one is next.
    fn range_separator(&mut self) -> bool {
        let Some(sep) = RANGE_SEPARATORS
            .iter()
            .find(|s| starts_with_word(self.rest(), s))
        else {
            return false;
        };
        self.pos += sep.len();
        self.skip_ws();
        true
    }

    /// A number, then optionally 多/余/+, a scale word, 多/余 and a unit.
    fn end(&mut self) -> Result<End, QuantityError> {
        let at = self.pos;
        let number = self.number()?;
        self.skip_ws();
        let mut suffix = self.table(SUFFIXES);
        let scale = match_table(self.rest(), SCALES).map(|(power, len)| {
            self.pos += len;
            self.skip_ws();
            power
        });
        if scale.is_some() && suffix.is_none() {
            suffix = self.table(SUFFIXES);
        }
        let at_separator = RANGE_SEPARATORS
            .iter()
            .any(|s| starts_with_word(self.rest(), s));
        let unit = if at_separator { None } else { self.unit()? };
        Ok(End {
            number,
            at,
            scale,
            suffix,
            unit,
        })
    }

    /// Digits with `,` thousands separators and a `.` fraction, optionally signed.
    fn number(&mut self) -> Result<Decimal, QuantityError> {
        let start = self.pos;
        let rest = self.rest();
        let sign_len = ["-", "−", "+"]
            .iter()
            .find(|s| {
                rest.strip_prefix(**s)
                    .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
            })
            .map_or(0, |s| s.len());
        let negative = sign_len > 0 && !rest.starts_with('+');
        let bytes = rest.as_bytes();
        let mut i = sign_len;
        while i < bytes.len()
            && (bytes[i].is_ascii_digit()
                || (bytes[i] == b',' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
        {
            i += 1;
        }
        let integer = &rest[sign_len..i];
        if integer.is_empty() {
            return Err(self.not_a_number());
        }
        let groups: Vec<&str> = integer.split(',').collect();
        if groups.len() > 1 && (groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
            return Err(QuantityError::at(
                start + sign_len,
                format!("misplaced thousands separator in `{integer}`"),
                Some("group the digits in threes, as in 1,000,000, or leave out the commas".into()),
            ));
        }
        let mut literal: String = groups.concat();
        if bytes.get(i) == Some(&b'.') {
            let digits = bytes[i + 1..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if digits == 0 {
                return Err(QuantityError::at(
                    start + i,
                    "expected digits after the decimal point",
                    None,
                ));
            }
            literal.push_str(&rest[i..i + 1 + digits]);
            i += 1 + digits;
        }
        if negative {
            literal.insert(0, '-');
        }
        let value = Decimal::from_str_exact(&literal).map_err(|_| too_large(start))?;
        self.pos += i;
        Ok(value)
    }

    fn not_a_number(&self) -> QuantityError {
        let rest = self.rest();
        let found: String = if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            rest.chars().take_while(char::is_ascii_alphabetic).collect()
        } else {
            rest.split_whitespace()
                .next()
                .unwrap_or_default()
                .chars()
                .take(20)
                .collect()
        };
        if found.is_empty() {
            return QuantityError::at(self.pos, "expected a number", None);
        }
        let lower = found.to_lowercase();
        let chinese_numeral =
            found.starts_with(|c: char| "〇零一二两三四五六七八九十百千".contains(c));
        let help = if NUMBER_WORDS.split_whitespace().any(|w| w == lower) || chinese_numeral {
            Some("write the number in digits, as in \"3 million yuan\" or \"300万元\"".to_string())
        } else {
            closest(&found, LEADING.iter().map(|(w, _)| *w))
                .map(|(_, w)| format!("did you mean `{w}`?"))
        };
        QuantityError::at(
            self.pos,
            format!("expected a number, found `{found}`"),
            help,
        )
    }

    /// The longest known unit at the cursor; none at the end or before a trailing
    /// qualifier; an error for anything else.
    fn unit(&mut self) -> Result<Option<Unit>, QuantityError> {
        let rest = self.rest();
        if rest.is_empty() || match_table(rest, TRAILING).is_some() {
            return Ok(None);
        }
        let ends: Vec<usize> = rest
            .char_indices()
            .map(|(i, c)| i + c.len_utf8())
            .take_while(|&end| end <= MAX_UNIT_LEN)
            .collect();
        for &end in ends.iter().rev() {
            let candidate = &rest[..end];
            let splits_word = candidate.ends_with(|c: char| c.is_ascii_alphanumeric())
                && rest[end..].starts_with(|c: char| c.is_ascii_alphanumeric());
            if candidate.ends_with(char::is_whitespace) || splits_word {
                continue;
            }
            if let Some(unit) = self.catalog.unit(candidate) {
                self.pos += end;
                self.skip_ws();
                return Ok(Some(unit));
            }
        }
        Err(self.unknown_unit())
    }

    fn unknown_unit(&self) -> QuantityError {
        let mut rest = self.rest().trim_end();
        if let Some(stripped) = TRAILING.iter().find_map(|(w, _)| rest.strip_suffix(w)) {
            rest = stripped.trim_end();
        }
        let first = rest.split_whitespace().next().unwrap_or(rest);
        let words = self.catalog.known_words();
        let candidates = || words.iter().map(String::as_str);
        // "square meeters" is judged whole, "yaun to 6 yuan" by its first word.
        let by_word = closest(first, candidates());
        let whole = (rest != first && rest.len() <= MAX_UNIT_LEN)
            .then(|| closest(rest, candidates()))
            .flatten();
        let (found, suggestion) = match (by_word, whole) {
            (Some((a, _)), Some((b, s))) if b < a => (rest, Some(s)),
            (None, Some((_, s))) => (rest, Some(s)),
            (by_word, _) => (first, by_word.map(|(_, s)| s)),
        };
        let help = match suggestion {
            Some(s) => format!("did you mean `{s}`?"),
            None => UNIT_HELP.to_string(),
        };
        QuantityError::at(self.pos, format!("unknown unit `{found}`"), Some(help))
    }
}

/// How one dimension is laid out for display.
struct Layout<'a> {
    /// Scale words, largest first: (power of ten, word written after the number).
    tiers: &'static [(u32, &'static str)],
    /// Decimal places kept once a scale word applies, and without one.
    tier_dp: u32,
    plain_dp: u32,
    separators: bool,
    /// Written after the number and scale word: a space or nothing, then the word.
    suffix: (&'static str, &'a str),
}

const WESTERN_TIERS: &[(u32, &str)] = &[(12, " trillion"), (9, " billion"), (6, " million")];
const CHINESE_TIERS: &[(u32, &str)] = &[(8, "亿"), (4, "万")];

/// A unit word after a number: spaced when it starts with a letter or digit ("m2",
/// "yuan"), attached otherwise ("%", "元", "户").
fn attach(unit: &str) -> (&'static str, &str) {
    if unit.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        (" ", unit)
    } else {
        ("", unit)
    }
}

fn layout<'a>(
    dimension: &Dimension,
    unit_name: &'a str,
    style: MoneyStyle,
    currency: &'a str,
) -> Layout<'a> {
    let cny = currency.trim().is_empty() || currency.trim().eq_ignore_ascii_case("CNY");
    let chinese = style == MoneyStyle::Chinese;
    match dimension {
        Dimension::Money => Layout {
            tiers: if chinese {
                CHINESE_TIERS
            } else {
                WESTERN_TIERS
            },
            tier_dp: if chinese { 4 } else { 3 },
            plain_dp: 2,
            separators: !chinese,
            suffix: match (cny, chinese) {
                (true, true) => ("", "元"),
                (true, false) => (" ", "yuan"),
                (false, _) => (" ", currency.trim()),
            },
        },
        _ => Layout {
            tiers: match dimension {
                Dimension::Count(_) if chinese => CHINESE_TIERS,
                _ => &[],
            },
            tier_dp: 4,
            plain_dp: 4,
            separators: !chinese,
            suffix: attach(unit_name),
        },
    }
}

fn rounded(value: Decimal, dp: u32) -> Decimal {
    value
        .round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// Digits of a rounded value, with thousands separators if asked.
fn number_text(value: Decimal, separators: bool) -> String {
    let digits = value.abs().normalize().to_string();
    let (int, frac) = digits.split_once('.').unwrap_or((&digits, ""));
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 24);
    if value.is_sign_negative() && !value.is_zero() {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if separators && i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// The singular of a regular English plural, for "1 village".
fn singular(noun: &str) -> &str {
    for (plural, keep) in [("sses", 2), ("shes", 2), ("ches", 2), ("xes", 1)] {
        if noun.ends_with(plural) {
            return &noun[..noun.len() - plural.len() + keep];
        }
    }
    match noun.strip_suffix('s') {
        Some(stem) if !stem.is_empty() && !stem.ends_with('s') && !noun.ends_with("ies") => stem,
        _ => noun,
    }
}

/// The scale word a magnitude is shown with: its divisor, the word and the decimals
/// kept. The largest one not above the magnitude, or the next one up when rounding
/// carries into it: 999,999,999 is "1 billion", not "1,000 million".
fn scale_for(magnitude: Decimal, layout: &Layout) -> (Decimal, &'static str, u32) {
    // The first tier the magnitude reaches, else no scale word; and the tier above it.
    let mut chosen = (Decimal::ONE, "", layout.plain_dp);
    let mut higher = None;
    for &(power, word) in layout.tiers {
        let tier = (Decimal::from(10_i64.pow(power)), word, layout.tier_dp);
        if magnitude >= tier.0 {
            chosen = tier;
            break;
        }
        higher = Some(tier);
    }
    let (divisor, _, dp) = chosen;
    match higher {
        Some(higher)
            if rounded(magnitude / divisor, dp)
                .checked_mul(divisor)
                .is_some_and(|shown| shown >= higher.0) =>
        {
            higher
        }
        _ => chosen,
    }
}

/// A value or range (base unit) laid out for display with one scale word and one unit.
fn render(
    low: Decimal,
    high: Option<Decimal>,
    dimension: &Dimension,
    unit_name: &str,
    style: MoneyStyle,
    currency: &str,
) -> String {
    let layout = layout(dimension, unit_name, style, currency);
    let magnitude = high.map_or(low.abs(), |h| low.abs().max(h.abs()));
    let (divisor, word, dp) = scale_for(magnitude, &layout);
    let low_shown = rounded(low / divisor, dp);
    let mut text = number_text(low_shown, layout.separators);
    if let Some(high) = high {
        text.push('–');
        text.push_str(&number_text(rounded(high / divisor, dp), layout.separators));
    }
    let (space, unit) = match dimension {
        Dimension::Count(_)
            if high.is_none() && word.is_empty() && low_shown.abs() == Decimal::ONE =>
        {
            attach(singular(unit_name))
        }
        _ => layout.suffix,
    };
    text.push_str(word);
    text.push_str(space);
    text.push_str(unit);
    text
}

/// Money in yuan (the site currency), laid out in `style`: "1.371 million yuan", "137.1万元".
pub fn format_money(yuan: Decimal, style: MoneyStyle, currency: &str) -> String {
    render(yuan, None, &Dimension::Money, "yuan", style, currency)
}

/// A value in the dimension's base unit, laid out for display: "2,670 m2", "12.5%".
pub fn format_value(
    value: Decimal,
    dimension: &Dimension,
    style: MoneyStyle,
    currency: &str,
) -> String {
    render(
        value,
        None,
        dimension,
        dimension.base_unit(),
        style,
        currency,
    )
}

/// A value expressed in `unit`, laid out for display in that unit ("30 mu");
/// money is always shown in the money style.
pub fn format_in_unit(value: Decimal, unit: &Unit, style: MoneyStyle, currency: &str) -> String {
    match unit.dimension {
        Dimension::Money => match unit.to_base(value) {
            Ok(yuan) => format_money(yuan, style, currency),
            Err(_) => {
                let (space, name) = attach(&unit.name);
                render(
                    value,
                    None,
                    &Dimension::Ratio,
                    &format!("{space}{name}"),
                    style,
                    currency,
                )
            }
        },
        _ => render(value, None, &unit.dimension, &unit.name, style, currency),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Dimension::{Area, Energy, Mass, Money, Power, Ratio};
    use Qualifier::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    fn catalog() -> UnitCatalog {
        let mut c = UnitCatalog::new();
        c.add_count_unit("villages", &["village".into(), "个村".into()]);
        c.add_count_unit("households", &["household".into(), "户".into()]);
        c
    }

    fn count(noun: &str) -> Dimension {
        Dimension::Count(noun.to_string())
    }

    /// Parses `text` and checks the low end (or value), dimension and qualifier.
    #[track_caller]
    fn check(text: &str, value: &str, dimension: Dimension, qualifier: Qualifier) {
        check_range(text, value, None, dimension, qualifier);
    }

    #[track_caller]
    fn check_range(text: &str, low: &str, high: Option<&str>, dim: Dimension, q: Qualifier) {
        let parsed = parse(text, &catalog()).unwrap_or_else(|e| panic!("{text}: {e}"));
        let got = (
            parsed.value,
            parsed.high,
            parsed.dimension,
            parsed.qualifier,
        );
        assert_eq!(got, (d(low), high.map(d), dim, q), "{text}");
        assert_eq!(parsed.source, text);
    }

    #[test]
    fn every_contract_example_parses_exactly() {
        check("1.371 million yuan", "1371000", Money, Exact);
        check("300 billion yuan", "300000000000", Money, Exact);
        check("137.1万元", "1371000", Money, Exact);
        check("22,850,000 yuan", "22850000", Money, Exact);
        check("RMB 5 million", "5000000", Money, Exact);
        check("nearly 100 million yuan", "100000000", Money, Nearly);
        check("2670 m2", "2670", Area, Exact);
        check("23 villages", "23", count("villages"), Exact);
        check("12.5%", "12.5", Ratio, Exact);
        check("over 1 million yuan", "1000000", Money, Over);
        check("5000多 households", "5000", count("households"), Over);
        check("近1亿元", "100000000", Money, Nearly);
        check_range(
            "100,000 to 150,000 yuan",
            "100000",
            Some("150000"),
            Money,
            Exact,
        );
        check("749万 households", "7490000", count("households"), Exact);
    }

    #[test]
    fn scale_words_units_and_suffixes() {
        check("20余万元", "200000", Money, Over);
        check("1亿多元", "100000000", Money, Over);
        check("5000多万元", "50000000", Money, Over);
        check("23个村", "23", count("villages"), Exact);
        check("5000多户", "5000", count("households"), Over);
        check("1 village", "1", count("villages"), Exact);
        check("2 Households", "2", count("households"), Exact);
        check("5,000+ households", "5000", count("households"), Over);
        check("30 hectares", "300000", Area, Exact);
        check("3 square metres", "3", Area, Exact);
        check("2 平方米", "2", Area, Exact);
        check("15 亩", "10000.0000000005", Area, Exact);
        check("5‰", "0.5", Ratio, Exact);
        check("7 percent", "7", Ratio, Exact);
        check("2 MW", "2000", Power, Exact);
        check("1.5万千瓦", "15000", Power, Exact);
        check("3 MWh", "3000", Energy, Exact);
        check("250 kg", "0.25", Mass, Exact);
        check("2 thousand tonnes", "2000", Mass, Exact);
        check("逾2万亿元", "2000000000000", Money, Over);
        check("¥137.1万", "1371000", Money, Exact);
        check("CNY 5 million yuan", "5000000", Money, Exact);
        check("5 CNY", "5", Money, Exact);
        check("-3.5%", "-3.5", Ratio, Exact);
        check("+5%", "5", Ratio, Exact);
        check("  12.5 %  ", "12.5", Ratio, Exact);
        check("约 3 亿 元", "300000000", Money, About);
        check("1.5 Million Yuan", "1500000", Money, Exact);
    }

    #[test]
    fn qualifiers() {
        check("about 1,000 kWh", "1000", Energy, About);
        check("≈3 t", "3", Mass, About);
        check("~3 yuan", "3", Money, About);
        check(">= 5%", "5", Ratio, AtLeast);
        check(">5%", "5", Ratio, Over);
        check("No Less Than 5 yuan", "5", Money, AtLeast);
        check("less than 5%", "5", Ratio, Under);
        check("up to 3 billion yuan", "3000000000", Money, AtMost);
        check("no more than 3 yuan", "3", Money, AtMost);
        check("at least 3 yuan", "3", Money, AtLeast);
        check("more than 3 yuan", "3", Money, Over);
        check("nearly100 million yuan", "100000000", Money, Nearly);
        check("100万元左右", "1000000", Money, About);
        check("100万元以上", "1000000", Money, AtLeast);
        check("超过5000户", "5000", count("households"), Over);
        check("超5000户", "5000", count("households"), Over);
        check("不少于3亿元", "300000000", Money, AtLeast);
        check("不超过3亿元", "300000000", Money, AtMost);
        check("不足3亿元", "300000000", Money, Under);
        // A leading qualifier wins over a trailing 多.
        check("约5000多户", "5000", count("households"), About);
    }

    #[test]
    fn ranges() {
        let money = |text, low, high| check_range(text, low, Some(high), Money, Exact);
        money("1 to 2 million yuan", "1000000", "2000000");
        money("0.5 million–2 million yuan", "500000", "2000000");
        money("500,000 to 2 million yuan", "500000", "2000000");
        money("1 to 2 亿元", "100000000", "200000000");
        money("100–150万元", "1000000", "1500000");
        money("5000万至2亿元", "50000000", "200000000");
        money("100 yuan - 200 yuan", "100", "200");
        money("RMB 1-2 million", "1000000", "2000000");
        check_range("about 10~12%", "10", Some("12"), Ratio, About);
        check_range("5 — 6 villages", "5", Some("6"), count("villages"), Exact);
    }

    #[test]
    fn site_currency_is_money() {
        let mut c = catalog();
        c.set_currency("USD");
        assert_eq!(c.currency(), "USD");
        for text in [
            "USD 5 million",
            "5 million USD",
            "5 million usd",
            "5 million yuan",
        ] {
            let q = parse(text, &c).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!((q.value, q.dimension), (d("5000000"), Money), "{text}");
        }
    }

    #[track_caller]
    fn error(text: &str) -> QuantityError {
        parse(text, &catalog()).expect_err(text)
    }

    #[test]
    fn unknown_unit_suggests_the_closest() {
        let e = error("5 yaun");
        assert_eq!(e.message, "unknown unit `yaun`");
        assert_eq!(e.help.as_deref(), Some("did you mean `yuan`?"));
        assert_eq!(e.offset, Some(2));
        assert_eq!(e.to_string(), "unknown unit `yaun`: did you mean `yuan`?");

        let e = error("3 housholds");
        assert_eq!(e.help.as_deref(), Some("did you mean `households`?"));
        let e = error("12 square meeters");
        assert_eq!(e.message, "unknown unit `square meeters`");
        assert_eq!(e.help.as_deref(), Some("did you mean `square meters`?"));
        let e = error("1.2万人左右");
        assert_eq!(
            (e.message.as_str(), e.offset),
            ("unknown unit `人`", Some(6))
        );
        assert_eq!(e.help.as_deref(), Some(UNIT_HELP));
        assert_eq!(error("5 m3").help.as_deref(), Some(UNIT_HELP));
    }

    #[test]
    fn malformed_quantities_are_errors() {
        let e = error("three million yuan");
        assert_eq!(e.message, "expected a number, found `three`");
        assert!(e.help.unwrap().contains("digits"));
        assert!(error("三百万元").help.unwrap().contains("digits"));
        let e = error("abuot 5 yuan");
        assert_eq!(e.help.as_deref(), Some("did you mean `about`?"));

        let e = error("1,00 yuan");
        assert_eq!(e.message, "misplaced thousands separator in `1,00`");
        assert_eq!(e.offset, Some(0));
        assert!(
            error("1000,000 yuan")
                .message
                .contains("thousands separator")
        );
        assert!(
            error("1,000,00 yuan")
                .message
                .contains("thousands separator")
        );

        assert_eq!(error("").message, "empty quantity");
        assert_eq!(error("   ").message, "empty quantity");
        for text in ["23", "5 million", "749万", "about 5", "100,000–150,000"] {
            let e = error(text);
            assert_eq!(e.message, "expected a unit after the number", "{text}");
            assert_eq!(e.help.as_deref(), Some(UNIT_HELP));
        }
        assert!(error("5. yuan").message.contains("decimal point"));
        assert!(error("150 to 100 yuan").message.contains("greater"));
        assert!(error("2 million to 1000 yuan").message.contains("greater"));
        assert!(error("5 yuan to 6 m2").message.contains("differ"));
        assert!(error("RMB 5 m2").message.contains("money prefix"));
        assert!(error("5 to yuan").message.contains("expected a number"));
        assert_eq!(
            error("5 yuan extra").message,
            "unexpected `extra` after the quantity"
        );
        assert!(error("5 yuan 6").message.starts_with("unexpected `6`"));
    }

    /// Found by the `quantity` fuzzer: a midpoint with more than 10 decimals was
    /// rounded when expressed in its own base unit, though dividing by 1 is exact.
    #[test]
    fn an_exact_conversion_is_not_rounded() {
        for text in ["10 to 15mu", "100.0000000000000100 to 150.5万户"] {
            let q = parse(text, &catalog()).unwrap();
            let base = Unit::base(q.dimension.clone());
            assert_eq!(q.in_unit(&base), Ok(q.midpoint()), "{text}");
        }
        let mu = parse("1 mu", &catalog()).unwrap();
        let hectare = catalog().unit("hectare").unwrap();
        // 666.66…7 m² / 10,000 does not come out: rounded at 10 decimals, once.
        assert_eq!(mu.in_unit(&hectare), Ok(d("0.0666666667")));
    }

    #[test]
    fn huge_numbers_are_errors_not_panics() {
        for text in [
            "99999999999999999999999999999 trillion yuan",
            "79228162514264337593543950335 trillion yuan",
            "7922816251426433759354395033 万亿 亿元",
            "999999999999999999999999999999999999 yuan",
            "0.00000000000000000000000000000001 yuan",
        ] {
            let e = error(text);
            assert!(e.message.contains("too large"), "{text}: {e}");
        }
    }

    #[test]
    fn sums_are_exact() {
        let value = |text| parse(text, &catalog()).unwrap().value;
        let total = value("22 million yuan") + value("22.85 million yuan");
        assert_eq!(total, value("44.85 million yuan"));
        assert_eq!(total, d("44850000"));
        assert_eq!(
            format_money(total, MoneyStyle::Western, "CNY"),
            "44.85 million yuan"
        );
        assert_eq!(format_money(total, MoneyStyle::Chinese, "CNY"), "4485万元");
        let tenth = value("0.1 yuan");
        assert_eq!(tenth + tenth + tenth, d("0.3"));
    }

    #[test]
    fn mu_converts_with_one_rounding_at_ten_places() {
        let c = catalog();
        let mu = c.unit("亩").unwrap();
        assert_eq!((mu.factor, mu.name.as_str()), (d("666.6666666667"), "mu"));
        let q = |text| parse(text, &c).unwrap();
        assert_eq!(q("1 mu").value, d("666.6666666667"));
        assert_eq!(q("1 mu").in_unit(&mu).unwrap(), d("1"));
        assert_eq!(q("1 hectare").in_unit(&mu).unwrap(), d("15"));
        assert_eq!(q("1000 m2").in_unit(&mu).unwrap(), d("1.5"));
        assert_eq!(q("1 m2").in_unit(&mu).unwrap(), d("0.0015"));
        assert_eq!(
            q("1 m2").in_unit(&c.unit("hectares").unwrap()).unwrap(),
            d("0.0001")
        );
        assert_eq!(
            q("1 yuan").in_unit(&c.unit("亿元").unwrap()).unwrap(),
            d("0.00000001")
        );
    }

    #[test]
    fn conversions_check_the_dimension() {
        let c = catalog();
        let q = parse("2 亿元", &c).unwrap();
        assert_eq!(q.in_unit(&c.unit("万元").unwrap()).unwrap(), d("20000"));
        assert_eq!(q.in_unit(&c.unit("yuan").unwrap()).unwrap(), d("200000000"));
        let err = q.in_unit(&c.unit("m2").unwrap()).unwrap_err();
        assert_eq!(err.to_string(), "cannot convert money to an area");
        let households = parse("5 households", &c).unwrap();
        assert!(households.in_unit(&c.unit("villages").unwrap()).is_err());
        let range = parse("100,000 to 150,000 yuan", &c).unwrap();
        assert_eq!(range.midpoint(), d("125000"));
        assert_eq!(range.in_unit(&c.unit("万元").unwrap()).unwrap(), d("12.5"));
        let nothing = Unit {
            dimension: Money,
            factor: Decimal::ZERO,
            name: "nothing".into(),
        };
        assert!(q.in_unit(&nothing).is_err());
        assert_eq!(c.unit("MW").unwrap().to_base(d("1.5")), Ok(d("1500")));
        assert_eq!(c.unit("MW").unwrap().from_base(d("1500")), Ok(d("1.5")));
    }

    #[test]
    fn extremes_do_not_panic() {
        let max = "79228162514264337593543950335";
        let q = parse(&format!("{max} to {max} yuan"), &catalog()).unwrap();
        assert_eq!(q.midpoint(), Decimal::MAX);
        let q = parse(&format!("-{max} to {max} yuan"), &catalog()).unwrap();
        assert_eq!(q.midpoint(), Decimal::ZERO);
        assert_eq!(
            format_money(Decimal::MAX, MoneyStyle::Western, "CNY"),
            "79,228,162,514,264,337.594 trillion yuan"
        );
        assert_eq!(
            format_money(Decimal::MIN, MoneyStyle::Chinese, "CNY"),
            "-792281625142643375935.4395亿元"
        );
    }

    #[test]
    fn approximation_and_midpoint() {
        let q = |text| parse(text, &catalog()).unwrap();
        assert!(!q("5 yuan").is_approximate());
        assert!(q("about 5 yuan").is_approximate());
        assert!(q("1 to 2 yuan").is_approximate());
        assert_eq!(q("1 to 2 yuan").midpoint(), d("1.5"));
        assert_eq!(q("5 yuan").midpoint(), d("5"));
    }

    #[test]
    fn catalog_lookup_and_words() {
        let c = catalog();
        assert_eq!(c.unit("households"), Some(Unit::base(count("households"))));
        assert_eq!(c.unit("HOUSEHOLD").unwrap().name, "households");
        assert_eq!(c.unit("户").unwrap().name, "households");
        assert_eq!(c.unit("kwh").unwrap().name, "kWh");
        assert_eq!(c.unit("square   meters").unwrap().name, "m2");
        assert_eq!(c.unit("元").unwrap().dimension, Money);
        assert_eq!(c.unit("万元").unwrap().factor, d("10000"));
        assert_eq!(c.unit("kg").unwrap().factor, d("0.001"));
        assert_eq!(c.unit("yaun"), None);
        assert_eq!(c.unit(""), None);
        let words = c.known_words();
        for w in [
            "yuan", "%", "m2", "hectares", "mu", "kWh", "t", "CNY", "villages", "个村",
        ] {
            assert!(words.iter().any(|k| k == w), "{w}");
        }
        let mut dup = UnitCatalog::new();
        dup.add_count_unit("companies", &["company".into()]);
        dup.add_count_unit("companies", &["company".into(), "家企业".into()]);
        assert_eq!(
            dup.known_words().iter().filter(|w| *w == "company").count(),
            1
        );
        assert_eq!(dup.unit("company").unwrap().name, "companies");
        assert_eq!(dup.unit("家企业").unwrap().name, "companies");
        assert!(same_noun("businesses", "business"));
        assert!(same_noun("company", "companies"));
        assert!(!same_noun("village", "villa"));
        assert_eq!(UnitCatalog::default(), UnitCatalog::new());
    }

    #[test]
    fn bare_numbers() {
        let c = catalog();
        let q = parse_bare("23", &c.unit("households").unwrap()).unwrap();
        assert_eq!((q.value, &q.dimension), (d("23"), &count("households")));
        assert_eq!(q.source, "23");
        assert!(!q.is_approximate());
        let pct = c.unit("%").unwrap();
        assert_eq!(parse_bare("12.5", &pct).unwrap().value, d("12.5"));
        assert_eq!(
            parse_bare("1_000", &c.unit("ha").unwrap()).unwrap().value,
            d("10000000")
        );
        assert_eq!(parse_bare("1.5e3", &pct).unwrap().value, d("1500"));
        assert_eq!(parse_bare("-25E-2", &pct).unwrap().value, d("-0.25"));
        assert_eq!(parse_bare("+7", &pct).unwrap().value, d("7"));
        for bad in ["", "inf", "nan", "0x1F", "1.", ".5", "1e", "12 yuan"] {
            assert!(parse_bare(bad, &pct).is_err(), "{bad}");
        }
        for huge in ["1e99", "1e-40", "99999999999999999999999999999999"] {
            assert!(parse_bare(huge, &pct).is_err(), "{huge}");
        }
    }

    #[track_caller]
    fn money_shown(value: &str, style: MoneyStyle, currency: &str, shown: &str) {
        assert_eq!(format_money(d(value), style, currency), shown, "{value}");
    }

    #[test]
    fn western_money_formatting() {
        let w = MoneyStyle::Western;
        money_shown("1371000", w, "CNY", "1.371 million yuan");
        money_shown("300000000000", w, "CNY", "300 billion yuan");
        money_shown("150000", w, "CNY", "150,000 yuan");
        money_shown("44850000", w, "CNY", "44.85 million yuan");
        money_shown("22850000", w, "CNY", "22.85 million yuan");
        money_shown("1234567.891", w, "CNY", "1.235 million yuan");
        money_shown("1234500", w, "CNY", "1.235 million yuan");
        money_shown("2500000000000", w, "CNY", "2.5 trillion yuan");
        money_shown("1500000000000000", w, "CNY", "1,500 trillion yuan");
        money_shown("999999999", w, "CNY", "1 billion yuan");
        money_shown("999999.999", w, "CNY", "1 million yuan");
        money_shown("999500000", w, "CNY", "999.5 million yuan");
        money_shown("999500", w, "CNY", "999,500 yuan");
        money_shown("1234.5", w, "CNY", "1,234.5 yuan");
        money_shown("0.125", w, "CNY", "0.13 yuan");
        money_shown("0", w, "CNY", "0 yuan");
        money_shown("-1371000", w, "CNY", "-1.371 million yuan");
        money_shown("1371000", w, "USD", "1.371 million USD");
    }

    #[test]
    fn chinese_money_formatting() {
        let z = MoneyStyle::Chinese;
        money_shown("1371000", z, "CNY", "137.1万元");
        money_shown("300000000000", z, "CNY", "3000亿元");
        money_shown("100000000", z, "CNY", "1亿元");
        money_shown("5000", z, "CNY", "5000元");
        money_shown("12345", z, "CNY", "1.2345万元");
        money_shown("123456", z, "CNY", "12.3456万元");
        money_shown("12345678", z, "CNY", "1234.5678万元");
        money_shown("99999999.99", z, "CNY", "1亿元");
        money_shown("0.5", z, "CNY", "0.5元");
        money_shown("1371000", z, "USD", "137.1万 USD");
    }

    #[test]
    fn other_dimensions_format() {
        let (w, z) = (MoneyStyle::Western, MoneyStyle::Chinese);
        let shown = |value, dim: Dimension, style| format_value(d(value), &dim, style, "CNY");
        assert_eq!(shown("2670", Area, w), "2,670 m2");
        assert_eq!(shown("2670", Area, z), "2670 m2");
        assert_eq!(shown("20000.000000001", Area, w), "20,000 m2");
        assert_eq!(shown("23", count("villages"), w), "23 villages");
        assert_eq!(shown("1", count("villages"), w), "1 village");
        assert_eq!(shown("12.5", Ratio, w), "12.5%");
        assert_eq!(shown("1000", Energy, w), "1,000 kWh");
        assert_eq!(shown("2000", Power, w), "2,000 kW");
        assert_eq!(shown("0.25", Mass, w), "0.25 t");
        assert_eq!(
            shown("7490000", count("households"), w),
            "7,490,000 households"
        );
        assert_eq!(shown("7490000", count("households"), z), "749万 households");
        assert_eq!(shown("7490000", count("户"), z), "749万户");
        assert_eq!(shown("1371000", Money, w), "1.371 million yuan");

        let c = catalog();
        let mu = c.unit("mu").unwrap();
        assert_eq!(format_in_unit(d("30"), &mu, w, "CNY"), "30 mu");
        let wan = c.unit("万元").unwrap();
        assert_eq!(
            format_in_unit(d("137.1"), &wan, w, "CNY"),
            "1.371 million yuan"
        );
        assert_eq!(format_in_unit(d("137.1"), &wan, z, "CNY"), "137.1万元");
    }

    #[test]
    fn quantities_format_with_qualifier_and_range() {
        let (w, z) = (MoneyStyle::Western, MoneyStyle::Chinese);
        let c = catalog();
        let shown = |text, style, lang| parse(text, &c).unwrap().format(style, lang, "CNY");
        assert_eq!(
            shown("100,000 to 150,000 yuan", w, Lang::En),
            "100,000–150,000 yuan"
        );
        assert_eq!(shown("100,000 to 150,000 yuan", z, Lang::Zh), "10–15万元");
        assert_eq!(
            shown("1 to 2 million yuan", w, Lang::En),
            "1–2 million yuan"
        );
        assert_eq!(
            shown("500,000 to 2 million yuan", w, Lang::En),
            "0.5–2 million yuan"
        );
        assert_eq!(shown("5000万至2亿元", z, Lang::Zh), "0.5–2亿元");
        assert_eq!(
            shown("nearly 100 million yuan", w, Lang::En),
            "nearly 100 million yuan"
        );
        assert_eq!(shown("nearly 100 million yuan", z, Lang::Zh), "近1亿元");
        assert_eq!(shown("近1亿元", w, Lang::En), "nearly 100 million yuan");
        assert_eq!(
            shown("5000多 households", w, Lang::En),
            "over 5,000 households"
        );
        assert_eq!(shown("5000多 households", z, Lang::Zh), "超5000 households");
        assert_eq!(shown("749万 households", z, Lang::Zh), "749万 households");
        assert_eq!(shown("137.1万元", w, Lang::En), "1.371 million yuan");
        assert_eq!(shown("137.1万元", z, Lang::Zh), "137.1万元");
        assert_eq!(shown("at least 5%", w, Lang::En), "at least 5%");
        assert_eq!(shown("at least 5%", z, Lang::Zh), "不少于5%");
        assert_eq!(shown("up to 3 t", w, Lang::En), "up to 3 t");
        assert_eq!(shown("up to 3 t", z, Lang::Zh), "不超过3 t");
        assert_eq!(shown("under 3 t", z, Lang::Zh), "不足3 t");
        assert_eq!(shown("about 3 t", z, Lang::Zh), "约3 t");
        assert_eq!(shown("10–12%", w, Lang::En), "10–12%");
        assert_eq!(shown("23 villages", w, Lang::En), "23 villages");
    }

    #[test]
    fn formatted_quantities_parse_back() {
        let c = catalog();
        for text in [
            "nearly 100 million yuan",
            "近1亿元",
            "100,000 to 150,000 yuan",
            "1 to 2 million yuan",
            "5000万至2亿元",
            "at least 5%",
            "up to 3 t",
            "under 2 kg",
            "about 749万 households",
            "5000多户",
        ] {
            let q = parse(text, &c).unwrap();
            for style in [MoneyStyle::Western, MoneyStyle::Chinese] {
                for lang in [Lang::En, Lang::Zh] {
                    let shown = q.format(style, lang, "CNY");
                    let back = parse(&shown, &c).unwrap_or_else(|e| panic!("{shown}: {e}"));
                    assert_eq!(
                        (back.value, back.high, &back.dimension, back.qualifier),
                        (q.value, q.high, &q.dimension, q.qualifier),
                        "{text} -> {shown}"
                    );
                }
            }
        }
    }

    /// What the formatter shows, computed independently of it.
    fn shown_value(value: Decimal, style: MoneyStyle) -> Decimal {
        let scales: &[(i64, u32)] = match style {
            MoneyStyle::Western => &[
                (1_000_000_000_000, 3),
                (1_000_000_000, 3),
                (1_000_000, 3),
                (1, 2),
            ],
            MoneyStyle::Chinese => &[(100_000_000, 4), (10_000, 4), (1, 2)],
        };
        let shown = |(divisor, dp): (i64, u32)| {
            let divisor = Decimal::from(divisor);
            (value / divisor).round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
                * divisor
        };
        let index = scales
            .iter()
            .position(|&(divisor, _)| value >= Decimal::from(divisor))
            .unwrap_or(scales.len() - 1);
        match index.checked_sub(1).map(|up| scales[up]) {
            Some(up) if shown(scales[index]) >= Decimal::from(up.0) => shown(up),
            _ => shown(scales[index]),
        }
    }

    /// Integer part up to 10^15, up to two decimals.
    fn money() -> impl Strategy<Value = Decimal> {
        (0_u32..=2, 0_i64..=1_000_000_000_000_000).prop_flat_map(|(scale, int)| {
            let unit = 10_i64.pow(scale);
            (0..unit).prop_map(move |frac| Decimal::new(int * unit + frac, scale))
        })
    }

    /// Values with no more digits than the display keeps: (western, chinese).
    /// Western keeps 3 decimals of millions, billions or trillions, or 2 of yuan
    /// below a million; Chinese keeps 4 decimals of 万 or 亿, or 2 of yuan below 万.
    fn short_money() -> impl Strategy<Value = (Decimal, Decimal)> {
        let power = |p: u32| Decimal::from(10_i64.pow(p));
        let western = prop_oneof![
            (0_i64..100_000_000).prop_map(|n| Decimal::new(n, 2)),
            (1_000_i64..1_000_000, 0_u32..=1)
                .prop_map(move |(n, t)| Decimal::from(n) * power(3 + 3 * t)),
            (1_000_i64..1_000_000_000).prop_map(move |n| Decimal::from(n) * power(9)),
        ];
        let chinese = prop_oneof![
            (0_i64..1_000_000).prop_map(|n| Decimal::new(n, 2)),
            (10_000_i64..100_000_000).prop_map(Decimal::from),
            (10_000_i64..1_000_000_000_000).prop_map(move |n| Decimal::from(n) * power(4)),
        ];
        (western, chinese)
    }

    fn styles() -> impl Strategy<Value = MoneyStyle> {
        prop_oneof![Just(MoneyStyle::Western), Just(MoneyStyle::Chinese)]
    }

    #[test]
    fn no_table_word_starts_with_a_digit() {
        let words = LEADING
            .iter()
            .chain(SUFFIXES)
            .chain(TRAILING)
            .map(|(w, _)| *w)
            .chain(SCALES.iter().map(|(w, _)| *w));
        for word in words {
            assert!(!word.starts_with(|c: char| c.is_ascii_digit()), "{word}");
        }
    }

    proptest! {
        #[test]
        fn a_unit_name_is_looked_up_with_its_white_space_folded(
            name in "[ \t]{0,2}(yuan|villages|个村|m2|Square   Meters|hh)?[ \t\u{3000}]{0,3}(yuan|%)?[ ]{0,2}",
        ) {
            let folded = name.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert_eq!(catalog().unit(&name), catalog().unit(&folded));
        }

        #[test]
        fn a_word_starts_the_text_as_a_full_comparison_says(
            rest in "[a-zA-Z至到~ -]{0,6}",
            word in "[a-zA-Z至到~-]{1,4}",
        ) {
            let full = rest.get(..word.len()).is_some_and(|head| {
                head.eq_ignore_ascii_case(&word)
                    && !(word.ends_with(|c: char| c.is_ascii_alphabetic())
                        && rest[word.len()..].starts_with(|c: char| c.is_ascii_alphabetic()))
            });
            prop_assert_eq!(starts_with_word(&rest, &word), full);
        }

        #[test]
        fn money_round_trips_as_rounded(value in money(), style in styles()) {
            let shown = format_money(value, style, "CNY");
            let back = parse(&shown, &UnitCatalog::new())
                .map_err(|e| TestCaseError::fail(format!("{shown}: {e}")))?;
            prop_assert_eq!(back.value, shown_value(value, style), "{}", shown);
            prop_assert_eq!(back.dimension, Money);
        }

        #[test]
        fn short_money_round_trips_exactly((western, chinese) in short_money()) {
            for (value, style) in [(western, MoneyStyle::Western), (chinese, MoneyStyle::Chinese)] {
                let shown = format_money(value, style, "CNY");
                let back = parse(&shown, &UnitCatalog::new())
                    .map_err(|e| TestCaseError::fail(format!("{shown}: {e}")))?;
                prop_assert_eq!(back.value, value, "{}", shown);
            }
        }

        #[test]
        fn formatting_never_panics(
            (lo, mid, hi, negative, scale) in (any::<u32>(), any::<u32>(), any::<u32>(), any::<bool>(), 0_u32..=28),
            style in styles(),
        ) {
            let value = Decimal::from_parts(lo, mid, hi, negative, scale);
            for dimension in [Money, Ratio, Area, Energy, Power, Mass, count("户"), count("villages")] {
                let _ = format_value(value, &dimension, style, "CNY");
            }
            let mu = catalog().unit("mu").unwrap();
            let _ = format_in_unit(value, &mu, style, "USD");
            let _ = mu.from_base(value);
            let _ = mu.to_base(value);
        }

        #[test]
        fn parse_never_panics(text in ".*") {
            let _ = parse(&text, &catalog());
            let _ = parse_bare(&text, &Unit::base(Money));
        }

        #[test]
        fn parse_never_panics_on_quantity_like_text(
            parts in proptest::collection::vec(
                prop_oneof![
                    "[0-9]{1,40}", "[0-9,.]{1,8}", "[ 万亿多余+%元户~–-]", "−",
                    "(million|trillion|yuan|mu|to|about|RMB|左右|e|mu|over)",
                ],
                0..8,
            )
        ) {
            let text = parts.concat();
            let c = catalog();
            if let Ok(q) = parse(&text, &c) {
                let _ = q.format(MoneyStyle::Western, Lang::En, "CNY");
                let _ = q.format(MoneyStyle::Chinese, Lang::Zh, "CNY");
                let _ = q.in_unit(&Unit::base(q.dimension.clone()));
            }
            let _ = parse_bare(&text, &Unit::base(Money));
        }
    }
}
