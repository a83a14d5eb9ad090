// TEMPORARY STUB so the rest of the crate compiles — helper-1 replaces this whole file.
use super::quantity::Lang;
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Period { Year(i32), Quarter(i32, u8), Month(i32, u8), Day(i32, u8, u8) }
impl Period {
    pub fn parse_str(s: &str) -> Result<Period, String> { s.get(..4).and_then(|y| y.parse().ok()).map(Period::Year).ok_or_else(|| "bad".into()) }
    pub fn from_year(y: i64) -> Result<Period, String> { Ok(Period::Year(y as i32)) }
    pub fn from_toml_date(year: u16, month: u8, day: u8) -> Result<Period, String> { Ok(Period::Day(year as i32, month, day)) }
    pub fn year(&self) -> i32 { match self { Period::Year(y) | Period::Quarter(y, _) | Period::Month(y, _) | Period::Day(y, _, _) => *y } }
    pub fn is_quarter(&self) -> bool { matches!(self, Period::Quarter(..)) }
    pub fn iso(&self) -> String { format!("{:?}", self) }
    pub fn display(&self, _lang: Lang) -> String { self.iso() }
}
