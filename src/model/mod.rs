//! Model: the typed, validated site. Every reference in it has been checked; the
//! reverse references (region → records, program → cases …) live in [`index`].

pub mod aggregate;
pub mod index;
pub mod period;
pub mod quantity;
#[cfg(test)]
mod rollup_props;

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::diagnostics::SourceText;
use period::Period;
use quantity::{Lang, MoneyStyle, Quantity, Unit};

/// Site settings from site.toml.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    /// Absolute, always ending with `/`.
    pub base_url: String,
    pub description: Option<String>,
    pub language: Lang,
    pub currency: String,
    pub money_style: MoneyStyle,
    /// Records on one page of a list (at least 1).
    pub paginate_by: usize,
    /// Whether the site has a search index, page and box (default yes).
    pub search: bool,
    /// The most records in one shard of the search index.
    pub search_shard_size: usize,
    pub extra: serde_json::Value,
}

/// Index of a region in [`RegionTree::regions`].
pub type RegionId = usize;

#[derive(Debug, Clone)]
pub struct Region {
    /// The path: `zhejiang/huzhou/wuxing`.
    pub id: String,
    pub name: String,
    pub level: Option<String>,
    pub alt_names: Vec<String>,
    pub parent: Option<RegionId>,
    pub children: Vec<RegionId>,
    pub extra: serde_json::Value,
}

/// The region tree, in the order of the ids (so, deterministic).
#[derive(Debug, Clone, Default)]
pub struct RegionTree {
    pub regions: Vec<Region>,
    pub by_id: BTreeMap<String, RegionId>,
    pub roots: Vec<RegionId>,
}

impl RegionTree {
    pub fn get(&self, id: &str) -> Option<RegionId> {
        self.by_id.get(id).copied()
    }

    pub fn region(&self, id: RegionId) -> &Region {
        &self.regions[id]
    }

    /// The chain from the root down to `id`, `id` last.
    pub fn ancestry(&self, id: RegionId) -> Vec<RegionId> {
        let mut chain = vec![id];
        let mut current = id;
        while let Some(parent) = self.regions[current].parent {
            chain.push(parent);
            current = parent;
        }
        chain.reverse();
        chain
    }
}

#[derive(Debug, Clone)]
pub struct Theme {
    pub key: String,
    pub label: String,
    pub description: Option<String>,
    pub extra: serde_json::Value,
}

/// How the values of several records combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregate {
    Sum,
    Mean,
    None,
}

#[derive(Debug, Clone)]
pub struct IndicatorDef {
    pub key: String,
    pub label: String,
    /// The unit as written in indicators.toml, and what it means.
    pub unit_name: String,
    pub unit: Unit,
    pub aggregate: Aggregate,
    pub description: Option<String>,
    pub extra: serde_json::Value,
}

/// Whether a figure is what happened, what is aimed for, or the starting point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObservationKind {
    Actual,
    Target,
    Baseline,
}

impl ObservationKind {
    pub const ALL: [&'static str; 3] = ["actual", "target", "baseline"];

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "actual" => Some(Self::Actual),
            "target" => Some(Self::Target),
            "baseline" => Some(Self::Baseline),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Actual => "actual",
            Self::Target => "target",
            Self::Baseline => "baseline",
        }
    }
}

/// One figure a record reports for an indicator.
#[derive(Debug, Clone)]
pub struct Observation {
    pub key: String,
    /// As written, parsed.
    pub quantity: Quantity,
    /// Exact, in the indicator's canonical unit (a range's midpoint).
    pub value: Decimal,
    pub period: Period,
    pub kind: ObservationKind,
    /// Set when the figure is for another region than the record's.
    pub region: Option<RegionId>,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Source {
    pub title: String,
    pub publisher: Option<String>,
    pub date: Option<Period>,
    pub url: Option<String>,
    pub note: Option<String>,
}

/// What cases and programs have in common.
#[derive(Debug, Clone)]
pub struct RecordBase {
    pub slug: String,
    pub title: String,
    pub region: RegionId,
    /// Theme keys, as listed.
    pub themes: Vec<String>,
    pub summary: String,
    pub tags: Vec<String>,
    pub draft: bool,
    pub sources: Vec<Source>,
    pub indicators: Vec<Observation>,
    pub extra: serde_json::Value,
    /// The file: the body is read from it, and messages about the body point into it.
    pub source: SourceText,
    /// Where the Markdown body starts in the file.
    pub body_offset: usize,
}

impl RecordBase {
    /// The Markdown body (a slice of the file, not a copy: it is most of a record).
    pub fn body(&self) -> &str {
        &self.source.text[self.body_offset..]
    }
}

#[derive(Debug, Clone)]
pub struct Case {
    pub base: RecordBase,
    pub date: Period,
    pub recognition: Option<String>,
    /// Slugs of the programs the case names.
    pub programs: Vec<String>,
}

/// The kinds of program the contract knows.
pub const PROGRAM_KINDS: [&str; 10] = [
    "credit-line",
    "loan-product",
    "fund",
    "guarantee",
    "insurance",
    "service-campaign",
    "platform",
    "agreement",
    "policy-package",
    "other",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgramStatus {
    Planned,
    Active,
    Completed,
}

impl ProgramStatus {
    pub const ALL: [&'static str; 3] = ["planned", "active", "completed"];

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "planned" => Some(Self::Planned),
            "active" => Some(Self::Active),
            "completed" => Some(Self::Completed),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Active => "active",
            Self::Completed => "completed",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Milestone {
    pub date: Period,
    pub title: String,
    pub amount: Option<Quantity>,
}

#[derive(Debug, Clone)]
pub struct Program {
    pub base: RecordBase,
    pub institution: String,
    pub partners: Vec<String>,
    /// One of [`PROGRAM_KINDS`].
    pub kind: String,
    pub start: Period,
    pub end: Option<Period>,
    pub status: ProgramStatus,
    /// Money committed, in the site's currency.
    pub commitment: Option<Quantity>,
    pub eligibility: Option<String>,
    pub contact: Option<String>,
    pub apply_url: Option<String>,
    pub milestones: Vec<Milestone>,
}

/// A free page (about, methodology).
#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub title: String,
    pub summary: Option<String>,
    pub date: Option<Period>,
    pub weight: i64,
    pub draft: bool,
    pub extra: serde_json::Value,
    pub source: SourceText,
    /// Where the Markdown body starts in the file.
    pub body_offset: usize,
}

impl Page {
    /// The Markdown body, a slice of the file.
    pub fn body(&self) -> &str {
        &self.source.text[self.body_offset..]
    }
}

/// The whole validated site. Records are sorted newest first, then by slug.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub regions: RegionTree,
    pub themes: BTreeMap<String, Theme>,
    pub indicators: BTreeMap<String, IndicatorDef>,
    pub cases: Vec<Case>,
    pub programs: Vec<Program>,
    /// By weight, then title.
    pub pages: Vec<Page>,
}

/// A reference to a case or a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordRef {
    Case(usize),
    Program(usize),
}

impl Site {
    pub fn record(&self, r: RecordRef) -> &RecordBase {
        match r {
            RecordRef::Case(i) => &self.cases[i].base,
            RecordRef::Program(i) => &self.programs[i].base,
        }
    }

    /// The date a record is listed under: a case's date, a program's start.
    pub fn record_date(&self, r: RecordRef) -> &Period {
        match r {
            RecordRef::Case(i) => &self.cases[i].date,
            RecordRef::Program(i) => &self.programs[i].start,
        }
    }

    /// Every case and program.
    pub fn all_records(&self) -> impl Iterator<Item = RecordRef> + '_ {
        (0..self.cases.len())
            .map(RecordRef::Case)
            .chain((0..self.programs.len()).map(RecordRef::Program))
    }

    /// Sorts references newest first, then cases before programs, then by slug.
    pub fn sort_newest_first(&self, refs: &mut [RecordRef]) {
        refs.sort_by(|a, b| {
            self.record_date(*b)
                .cmp(self.record_date(*a))
                .then_with(|| self.record(*a).slug.cmp(&self.record(*b).slug))
                .then_with(|| a.cmp(b))
        });
    }
}

/// The path segment of a tag: lowercased, spaces made `-`, anything but letters,
/// digits and `-` dropped; letters of any script stay.
pub fn tag_slug(tag: &str) -> String {
    tag.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            c if c.is_whitespace() => Some('-'),
            c if c.is_alphanumeric() || c == '-' => Some(c),
            _ => None,
        })
        .collect()
}

/// Whether a slug keeps to lowercase ASCII letters, digits and `-`.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A slug that would be valid, made from any text: a suggestion for the editor.
pub fn suggest_slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_slugs_keep_letters_of_any_script() {
        assert_eq!(
            tag_slug("Mountain-sea cooperation"),
            "mountain-sea-cooperation"
        );
        assert_eq!(tag_slug("光伏贷"), "光伏贷");
        assert_eq!(tag_slug("PV (solar) loans!"), "pv-solar-loans");
        assert_eq!(tag_slug("../etc"), "etc");
        assert_eq!(tag_slug("!!!"), "");
    }

    #[test]
    fn slugs_are_lowercase_ascii_digits_and_dashes() {
        assert!(is_valid_slug("wuxing-pv-loan-2024"));
        assert!(!is_valid_slug("Wuxing"));
        assert!(!is_valid_slug("../x"));
        assert!(!is_valid_slug("a/b"));
        assert!(!is_valid_slug(""));
        assert!(!is_valid_slug("吴兴"));
    }

    #[test]
    fn slug_suggestions_are_valid() {
        assert_eq!(suggest_slug("Wuxing Case (2024).md"), "wuxing-case-2024-md");
        assert!(is_valid_slug(&suggest_slug("A b")));
    }
}
