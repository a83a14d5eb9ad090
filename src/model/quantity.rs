// TEMPORARY STUB so the rest of the crate compiles — helper-1 replaces this whole file.
use rust_decimal::Decimal;
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier { Exact, About, Nearly, Over, AtLeast, AtMost, Under }
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang { En, Zh }
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyStyle { Western, Chinese }
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dimension { Money, Ratio, Area, Energy, Power, Mass, Count(String) }
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit { pub dimension: Dimension, pub factor: Decimal, pub name: String }
#[derive(Debug, Clone, Default)]
pub struct UnitCatalog { nouns: Vec<String> }
impl UnitCatalog {
    pub fn new() -> Self { Self::default() }
    pub fn add_count_unit(&mut self, canonical: &str, _aliases: &[String]) { self.nouns.push(canonical.into()) }
    pub fn unit(&self, name: &str) -> Option<Unit> {
        if name == "yuan" { return Some(Unit { dimension: Dimension::Money, factor: Decimal::ONE, name: name.into() }) }
        if name == "m2" { return Some(Unit { dimension: Dimension::Area, factor: Decimal::ONE, name: name.into() }) }
        self.nouns.iter().find(|n| *n == name).map(|n| Unit { dimension: Dimension::Count(n.clone()), factor: Decimal::ONE, name: n.clone() })
    }
    pub fn known_words(&self) -> Vec<String> { vec!["yuan".into(), "m2".into()] }
}
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity { pub value: Decimal, pub high: Option<Decimal>, pub dimension: Dimension, pub qualifier: Qualifier, pub source: String }
impl Quantity {
    pub fn midpoint(&self) -> Decimal { self.value }
    pub fn is_approximate(&self) -> bool { self.qualifier != Qualifier::Exact }
    pub fn in_unit(&self, _unit: &Unit) -> Result<Decimal, ConversionError> { Ok(self.value) }
    pub fn format(&self, _s: MoneyStyle, _l: Lang, _c: &str) -> String { self.source.clone() }
}
#[derive(Debug)]
pub struct ConversionError;
#[derive(Debug)]
pub struct QuantityError { pub message: String, pub help: Option<String>, pub offset: Option<usize> }
pub fn parse(text: &str, _catalog: &UnitCatalog) -> Result<Quantity, QuantityError> {
    let num: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
    let value: Decimal = num.parse().map_err(|_| QuantityError { message: "x".into(), help: None, offset: None })?;
    Ok(Quantity { value, high: None, dimension: Dimension::Money, qualifier: Qualifier::Exact, source: text.into() })
}
pub fn parse_bare(literal: &str, unit: &Unit) -> Result<Quantity, QuantityError> {
    let value: Decimal = literal.parse().map_err(|_| QuantityError { message: "x".into(), help: None, offset: None })?;
    Ok(Quantity { value, high: None, dimension: unit.dimension.clone(), qualifier: Qualifier::Exact, source: literal.into() })
}
pub fn format_money(yuan: Decimal, _s: MoneyStyle, _c: &str) -> String { format!("{yuan} yuan") }
