//! Reading fields out of a spanned TOML table, collecting every problem with its place
//! in the file instead of stopping at the first.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use crate::diagnostics::{Diagnostic, Diagnostics, SourceText, did_you_mean};
use crate::model::period::Period;

type Spanned<T> = toml::Spanned<T>;

/// A value and where it was written (byte span in the whole file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sp<T> {
    pub value: T,
    pub span: Range<usize>,
}

/// The file being read: its text, where the TOML starts in it, and the problems so far.
pub struct FileCtx {
    pub src: SourceText,
    /// Byte offset of the TOML text inside the file (after a `+++` line).
    pub base: usize,
    pub diags: Diagnostics,
}

impl FileCtx {
    pub fn new(src: SourceText, base: usize) -> Self {
        FileCtx {
            src,
            base,
            diags: Diagnostics::new(),
        }
    }

    /// A span of the TOML text as a span of the file.
    pub fn abs(&self, span: Range<usize>) -> Range<usize> {
        span.start + self.base..span.end + self.base
    }

    /// Reports a problem at an absolute span.
    pub fn error(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
        help: Option<String>,
    ) {
        let diagnostic = Diagnostic::new(message)
            .at(self.src.clone(), Some(span))
            .label(label)
            .help_opt(help);
        self.diags.push(diagnostic);
    }

    /// Parses TOML text, reporting syntax errors with their place.
    pub fn parse<'i>(&mut self, text: &'i str) -> Option<DeTable<'i>> {
        match DeTable::parse(text) {
            Ok(table) => Some(table.into_inner()),
            Err(err) => {
                let message = err.message().trim().to_string();
                let span = match err.span() {
                    Some(span) => self.abs(span),
                    // toml gives no place for a dotted key past its depth limit.
                    None if message.contains("recursion") => self.abs(most_dotted_line(text)),
                    None => self.base..self.base,
                };
                let first = message.lines().next().unwrap_or("invalid TOML").to_string();
                let first = first.trim_end_matches('.').to_string();
                let help = syntax_help(&message);
                self.error(span, format!("invalid TOML: {first}"), first, help);
                None
            }
        }
    }
}

fn syntax_help(message: &str) -> Option<String> {
    if message.contains("string") || message.contains("invalid unquoted") {
        Some("text values are written in double quotes: key = \"value\"".into())
    } else if message.contains("duplicate key") {
        Some("each field may be written only once".into())
    } else if message.contains("recurs") {
        Some("tables, lists and dotted keys may be nested at most 80 deep".into())
    } else {
        None
    }
}

/// The first line with the most dots: where a dotted key runs too deep.
fn most_dotted_line(text: &str) -> Range<usize> {
    let mut best = (0, 0..0);
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let dots = line.matches('.').count();
        if dots > best.0 {
            best = (dots, start..start + line.trim_end().len());
        }
        start += line.len();
    }
    best.1
}

/// The fields of one TOML table, read one by one. Keys that nobody asked for are
/// unknown fields, reported by [`Fields::finish`].
pub struct Fields<'t, 'i> {
    table: &'t DeTable<'i>,
    /// Where to point when a required field is missing (absolute).
    anchor: Range<usize>,
    /// What the table is, for messages: "a case", "the milestone" …
    what: &'static str,
    asked: Vec<&'static str>,
}

impl<'t, 'i> Fields<'t, 'i> {
    pub fn new(table: &'t DeTable<'i>, anchor: Range<usize>, what: &'static str) -> Self {
        Fields {
            table,
            anchor,
            what,
            asked: Vec::new(),
        }
    }

    pub fn anchor(&self) -> Range<usize> {
        self.anchor.clone()
    }

    /// The raw value of a field, if present.
    pub fn raw(&mut self, key: &'static str) -> Option<&'t Spanned<DeValue<'i>>> {
        self.asked.push(key);
        self.table.get(key)
    }

    fn missing(&self, ctx: &mut FileCtx, key: &str, expected: &str) {
        ctx.error(
            self.anchor.clone(),
            format!("{} needs the field `{key}`", self.what),
            format!("`{key}` is missing here"),
            Some(format!("add `{key} = {expected}`")),
        );
    }

    fn wrong_type(ctx: &mut FileCtx, key: &str, value: &Spanned<DeValue<'_>>, expected: &str) {
        let span = ctx.abs(value.span());
        ctx.error(
            span,
            format!(
                "`{key}` must be {expected}, not {}",
                article(value.get_ref().type_str())
            ),
            format!("expected {expected}"),
            None,
        );
    }

    /// A text field. `required` reports its absence.
    pub fn string(
        &mut self,
        ctx: &mut FileCtx,
        key: &'static str,
        required: bool,
    ) -> Option<Sp<String>> {
        match self.raw(key) {
            None => {
                if required {
                    self.missing(ctx, key, "\"…\"");
                }
                None
            }
            Some(value) => match value.get_ref() {
                DeValue::String(s) => Some(Sp {
                    value: s.to_string(),
                    span: ctx.abs(value.span()),
                }),
                _ => {
                    Self::wrong_type(ctx, key, value, "text in double quotes");
                    None
                }
            },
        }
    }

    /// A text field that must not be blank.
    pub fn text(
        &mut self,
        ctx: &mut FileCtx,
        key: &'static str,
        required: bool,
    ) -> Option<Sp<String>> {
        let value = self.string(ctx, key, required)?;
        if value.value.trim().is_empty() {
            ctx.error(
                value.span.clone(),
                format!("`{key}` is empty"),
                "expected some text",
                Some(format!("write the {key}, or remove the line")),
            );
            return None;
        }
        Some(value)
    }

    pub fn boolean(&mut self, ctx: &mut FileCtx, key: &'static str) -> Option<bool> {
        let value = self.raw(key)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                Self::wrong_type(ctx, key, value, "true or false");
                None
            }
        }
    }

    pub fn integer(&mut self, ctx: &mut FileCtx, key: &'static str) -> Option<i64> {
        let value = self.raw(key)?;
        match value.get_ref() {
            DeValue::Integer(i) => {
                match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
                    Ok(n) => Some(n),
                    Err(_) => {
                        let span = ctx.abs(value.span());
                        ctx.error(span, format!("`{key}` is too large"), "out of range", None);
                        None
                    }
                }
            }
            _ => {
                Self::wrong_type(ctx, key, value, "a whole number");
                None
            }
        }
    }

    /// A list of text values; a single text is accepted as a list of one.
    pub fn strings(
        &mut self,
        ctx: &mut FileCtx,
        key: &'static str,
        required: bool,
    ) -> Vec<Sp<String>> {
        let Some(value) = self.raw(key) else {
            if required {
                self.missing(ctx, key, "[\"…\"]");
            }
            return Vec::new();
        };
        match value.get_ref() {
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => out.push(Sp {
                            value: s.to_string(),
                            span: ctx.abs(item.span()),
                        }),
                        _ => Self::wrong_type(ctx, key, item, "a list of text values"),
                    }
                }
                if required && out.is_empty() && items.is_empty() {
                    let span = ctx.abs(value.span());
                    ctx.error(
                        span,
                        format!("`{key}` needs at least one entry"),
                        "empty list",
                        None,
                    );
                }
                out
            }
            DeValue::String(s) => vec![Sp {
                value: s.to_string(),
                span: ctx.abs(value.span()),
            }],
            _ => {
                Self::wrong_type(ctx, key, value, "a list of text values");
                Vec::new()
            }
        }
    }

    /// A date: a TOML date, a `"YYYY-MM"` month or an integer year.
    pub fn date(
        &mut self,
        ctx: &mut FileCtx,
        key: &'static str,
        required: bool,
    ) -> Option<Sp<Period>> {
        let Some(value) = self.raw(key) else {
            if required {
                self.missing(ctx, key, "2024-01-08");
            }
            return None;
        };
        let period = period_value(ctx, key, value, false)?;
        Some(Sp {
            value: period,
            span: ctx.abs(value.span()),
        })
    }

    /// An indicator period: a year, `"YYYY-MM"`, `"YYYY-Qn"` or a date.
    pub fn period(&mut self, ctx: &mut FileCtx, key: &'static str) -> Option<Sp<Period>> {
        let Some(value) = self.raw(key) else {
            self.missing(ctx, key, "2023");
            return None;
        };
        let period = period_value(ctx, key, value, true)?;
        Some(Sp {
            value: period,
            span: ctx.abs(value.span()),
        })
    }

    /// A sub-table (`[extra]`) with its span.
    pub fn table(
        &mut self,
        ctx: &mut FileCtx,
        key: &'static str,
    ) -> Option<&'t Spanned<DeValue<'i>>> {
        let value = self.raw(key)?;
        match value.get_ref() {
            DeValue::Table(_) => Some(value),
            _ => {
                Self::wrong_type(ctx, key, value, "a table");
                None
            }
        }
    }

    /// An array of tables (`[[sources]]`): each table with its span.
    pub fn tables(
        &mut self,
        ctx: &mut FileCtx,
        key: &'static str,
    ) -> Vec<(&'t DeTable<'i>, Range<usize>)> {
        let Some(value) = self.raw(key) else {
            return Vec::new();
        };
        match value.get_ref() {
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::Table(t) => out.push((t, first_line(ctx, item.span()))),
                        _ => Self::wrong_type(ctx, key, item, &format!("a table `[[{key}]]`")),
                    }
                }
                out
            }
            _ => {
                Self::wrong_type(ctx, key, value, &format!("tables written `[[{key}]]`"));
                Vec::new()
            }
        }
    }

    /// Reports every key that nobody asked for, with the closest known one.
    pub fn finish(self, ctx: &mut FileCtx) {
        self.finish_allowing(ctx, |_| false);
    }

    /// As [`Fields::finish`], but keys whose value passes `allowed` are not unknown
    /// (the child regions of a region).
    pub fn finish_allowing(self, ctx: &mut FileCtx, allowed: impl Fn(&DeValue<'_>) -> bool) {
        for (key, value) in self.table.iter() {
            let name: &str = key.get_ref();
            if self.asked.contains(&name) || allowed(value.get_ref()) {
                continue;
            }
            let help = did_you_mean(name, self.asked.iter().copied()).or_else(|| {
                Some(format!(
                    "known fields here: {}; put fields of your own under [extra]",
                    self.asked.join(", ")
                ))
            });
            let span = ctx.abs(key.span());
            ctx.error(
                span,
                format!("unknown field `{name}` in {}", self.what),
                "not a field of the format",
                help,
            );
        }
    }
}

/// The first line of a span: enough to point at a table without underlining all of it.
pub fn first_line(ctx: &FileCtx, span: Range<usize>) -> Range<usize> {
    let abs = ctx.abs(span);
    let text = &ctx.src.text;
    let start = abs.start.min(text.len());
    let end = text[start..abs.end.min(text.len())]
        .find('\n')
        .map_or(abs.end.min(text.len()), |i| start + i);
    start..end
}

fn period_value(
    ctx: &mut FileCtx,
    key: &str,
    value: &Spanned<DeValue<'_>>,
    allow_quarter: bool,
) -> Option<Period> {
    let span = ctx.abs(value.span());
    let expected = if allow_quarter {
        "a year (2023), a month (\"2023-06\"), a quarter (\"2023-Q2\") or a date (2023-06-30)"
    } else {
        "a date (2024-01-08), a month (\"2024-01\") or a year (2024)"
    };
    let result = match value.get_ref() {
        DeValue::Integer(i) => i
            .as_str()
            .replace('_', "")
            .parse::<i64>()
            .map_err(|e| e.to_string())
            .and_then(Period::from_year),
        DeValue::String(s) => Period::parse_str(s),
        DeValue::Datetime(dt) => match (dt.date, dt.time) {
            (Some(d), None) => Period::from_toml_date(d.year, d.month, d.day),
            _ => Err("a time of day is not used here".to_string()),
        },
        other => Err(format!("{} is not a date", article(other.type_str()))),
    };
    match result {
        Ok(p) if p.is_quarter() && !allow_quarter => {
            ctx.error(
                span,
                format!("`{key}` cannot be a quarter"),
                "a quarter",
                Some(format!("write {expected}")),
            );
            None
        }
        Ok(p) => Some(p),
        Err(reason) => {
            ctx.error(
                span,
                format!("`{key}` is not a valid date or period: {reason}"),
                format!("expected {expected}"),
                None,
            );
            None
        }
    }
}

fn article(type_name: &str) -> String {
    match type_name.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => format!("an {type_name}"),
        _ => format!("a {type_name}"),
    }
}

/// Converts a TOML value to JSON for templates (`[extra]`). Dates become strings.
pub fn to_json(value: &DeValue<'_>) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        DeValue::String(s) => J::String(s.to_string()),
        DeValue::Integer(i) => i
            .as_str()
            .replace('_', "")
            .parse::<i64>()
            .map_or_else(|_| J::String(i.as_str().to_string()), J::from),
        DeValue::Float(f) => f
            .as_str()
            .replace('_', "")
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| J::String(f.as_str().to_string()), J::Number),
        DeValue::Boolean(b) => J::Bool(*b),
        DeValue::Datetime(dt) => J::String(dt.to_string()),
        DeValue::Array(items) => J::Array(items.iter().map(|v| to_json(v.get_ref())).collect()),
        DeValue::Table(t) => J::Object(
            t.iter()
                .map(|(k, v)| (k.get_ref().to_string(), to_json(v.get_ref())))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(text: &str) -> FileCtx {
        FileCtx::new(SourceText::new("t.toml", text.to_string()), 0)
    }

    #[test]
    fn reports_missing_wrong_typed_and_unknown_fields_together() {
        let text = "title = 3\nsumary = \"x\"\n";
        let mut ctx = ctx(text);
        let table = ctx.parse(text).unwrap();
        let mut f = Fields::new(&table, 0..0, "a case");
        assert!(f.string(&mut ctx, "title", true).is_none());
        assert!(f.string(&mut ctx, "summary", true).is_none());
        f.finish(&mut ctx);
        let messages: Vec<_> = ctx.diags.iter().map(|d| d.message.clone()).collect();
        assert_eq!(
            messages,
            [
                "`title` must be text in double quotes, not an integer",
                "a case needs the field `summary`",
                "unknown field `sumary` in a case",
            ]
        );
        let unknown = ctx.diags.iter().last().unwrap();
        assert_eq!(unknown.help.as_deref(), Some("did you mean `summary`?"));
        assert_eq!(unknown.position().unwrap(), "t.toml:2:1");
    }

    #[test]
    fn syntax_errors_point_into_the_file_at_the_base_offset() {
        let file = "+++\ntitle = \"A\nx = 1\n+++\n";
        let mut ctx = FileCtx::new(SourceText::new("a.md", file.to_string()), 4);
        assert!(ctx.parse(&file[4..file.len() - 4]).is_none());
        let d = ctx.diags.iter().next().unwrap();
        assert!(d.message.starts_with("invalid TOML"), "{}", d.message);
        assert!(
            d.position().unwrap().starts_with("a.md:2:"),
            "{:?}",
            d.position()
        );
    }

    #[test]
    fn a_dotted_key_past_the_depth_limit_is_pointed_at() {
        let text = format!("a = 1\n[{}]\nb = 2\n", vec!["x"; 200].join("."));
        let mut ctx = FileCtx::new(SourceText::new("r.toml", text.clone()), 0);
        assert!(ctx.parse(&text).is_none());
        let d = ctx.diags.iter().next().unwrap();
        assert_eq!(d.position().unwrap(), "r.toml:2:1", "{d}");
        assert!(d.help.as_deref().unwrap().contains("80 deep"), "{d}");
    }

    #[test]
    fn dates_accept_year_month_and_day() {
        let text = "a = 2024\nb = \"2024-01\"\nc = 2024-01-08\nd = \"2024-Q1\"\ne = 2024-02-30\n";
        let mut ctx = ctx(text);
        let table = ctx.parse(text);
        // 2024-02-30 is not a TOML date at all: the parser rejects it.
        assert!(table.is_none());
        let text = "a = 2024\nb = \"2024-01\"\nc = 2024-01-08\nd = \"2024-Q1\"\n";
        let mut ctx = self::ctx(text);
        let table = ctx.parse(text).unwrap();
        let mut f = Fields::new(&table, 0..0, "a case");
        assert_eq!(f.date(&mut ctx, "a", true).unwrap().value.iso(), "2024");
        assert_eq!(f.date(&mut ctx, "b", true).unwrap().value.iso(), "2024-01");
        assert_eq!(
            f.date(&mut ctx, "c", true).unwrap().value.iso(),
            "2024-01-08"
        );
        assert!(f.date(&mut ctx, "d", true).is_none());
        assert_eq!(f.period(&mut ctx, "d").unwrap().value.iso(), "2024-Q1");
        assert_eq!(ctx.diags.len(), 1);
    }

    #[test]
    fn extra_tables_become_json() {
        let text = "[extra]\nn = 1\nlist = [\"a\", true]\nwhen = 2024-01-08\n";
        let mut ctx = ctx(text);
        let table = ctx.parse(text).unwrap();
        let json = to_json(table.get("extra").unwrap().get_ref());
        assert_eq!(
            json,
            serde_json::json!({"n": 1, "list": ["a", true], "when": "2024-01-08"})
        );
    }
}
