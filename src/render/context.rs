//! The values templates see, as documented in docs/templates.md. They are built from
//! the model once per page; display formatting (money style, dates, labels) happens
//! here and nowhere else.

use std::borrow::Cow;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::index::Index;
use crate::model::period::Period;
use crate::model::quantity::{self, Dimension, Quantity};
use crate::model::{Case, Observation, Page, Program, RecordBase, RecordRef, RegionId, Site};

use super::labels::Labels;
use super::prepared::Prepared;
use super::urls;

/// Everything context building needs, borrowed.
pub struct Ctx<'a> {
    pub site: &'a Site,
    pub index: &'a Index,
    pub labels: &'a Labels,
    pub dashboard: &'a super::dashboard::Dashboard,
    pub charts: &'a super::charts::Charts,
    pub prepared: &'a Prepared<'a>,
}

#[derive(Serialize, Clone)]
pub struct Link<'a> {
    pub title: &'a str,
    pub url: Cow<'a, str>,
}

#[derive(Serialize, Clone)]
pub struct DateView {
    pub iso: String,
    pub display: String,
}

impl DateView {
    pub fn new(period: &Period, language: quantity::Lang) -> DateView {
        DateView {
            iso: period.iso(),
            display: period.display(language),
        }
    }
}

#[derive(Serialize, Clone)]
pub struct Figure<'a> {
    pub display: String,
    pub exact: String,
    pub as_reported: Cow<'a, str>,
    pub approximate: bool,
}

#[derive(Serialize, Clone)]
pub struct Card<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub type_label: &'a str,
    pub slug: &'a str,
    pub title: &'a str,
    pub url: &'a str,
    pub summary: &'a str,
    pub date: &'a DateView,
    pub region: Link<'a>,
    pub themes: Vec<Link<'a>>,
}

#[derive(Serialize)]
pub struct IndicatorRow<'a> {
    pub key: &'a str,
    pub label: &'a str,
    pub unit: &'a str,
    pub value: Figure<'a>,
    pub period: DateView,
    pub kind: &'static str,
    pub kind_label: &'a str,
    pub region: Option<Link<'a>>,
    pub note: Option<&'a str>,
}

#[derive(Serialize)]
pub struct SourceView<'a> {
    pub title: &'a str,
    pub publisher: Option<&'a str>,
    pub date: Option<DateView>,
    pub url: Option<&'a str>,
    pub note: Option<&'a str>,
}

#[derive(Serialize)]
pub struct MilestoneView<'a> {
    pub date: DateView,
    pub title: &'a str,
    pub amount: Option<Figure<'a>>,
}

#[derive(Serialize)]
pub struct CaseView<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub url: &'a str,
    pub summary: &'a str,
    pub date: DateView,
    pub breadcrumb: Vec<Link<'a>>,
    pub region: Link<'a>,
    pub themes: Vec<Link<'a>>,
    pub tags: Vec<Link<'a>>,
    pub recognition: Option<&'a str>,
    pub body_html: String,
    pub indicators: Vec<IndicatorRow<'a>>,
    pub programs: Vec<Card<'a>>,
    pub sources: Vec<SourceView<'a>>,
    pub extra: &'a serde_json::Value,
}

#[derive(Serialize)]
pub struct ProgramView<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub url: &'a str,
    pub summary: &'a str,
    pub date: DateView,
    pub breadcrumb: Vec<Link<'a>>,
    pub region: Link<'a>,
    pub themes: Vec<Link<'a>>,
    pub tags: Vec<Link<'a>>,
    pub body_html: String,
    pub indicators: Vec<IndicatorRow<'a>>,
    pub sources: Vec<SourceView<'a>>,
    pub extra: &'a serde_json::Value,
    pub institution: &'a str,
    pub partners: &'a [String],
    pub kind: &'a str,
    pub kind_label: &'a str,
    pub start: DateView,
    pub end: Option<DateView>,
    pub status: &'static str,
    pub status_label: &'a str,
    pub commitment: Option<Figure<'a>>,
    pub eligibility: Option<&'a str>,
    pub contact: Option<&'a str>,
    pub apply_url: Option<&'a str>,
    pub milestones: Vec<MilestoneView<'a>>,
    pub cases: Vec<Card<'a>>,
}

#[derive(Serialize)]
pub struct RegionNode<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub level: Option<&'a str>,
    pub count: usize,
    pub children: Vec<RegionNode<'a>>,
}

#[derive(Serialize)]
pub struct RegionView<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub level: Option<&'a str>,
    pub alt_names: &'a [String],
    pub breadcrumb: Vec<Link<'a>>,
    pub children: Vec<RegionNode<'a>>,
    pub records: Vec<Card<'a>>,
}

/// A taxonomy entry in a list: a theme, tag or year with its count.
#[derive(Serialize)]
pub struct TermSummary<'a> {
    pub title: Cow<'a, str>,
    pub url: String,
    pub description: Option<&'a str>,
    pub count: usize,
}

/// A taxonomy entry's own page.
#[derive(Serialize)]
pub struct TermView<'a> {
    pub title: Cow<'a, str>,
    pub url: String,
    pub description: Option<&'a str>,
    pub records: Vec<Card<'a>>,
}

#[derive(Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub date: Option<DateView>,
    pub body_html: String,
    pub extra: &'a serde_json::Value,
}

#[derive(Serialize)]
pub struct Stats<'a> {
    pub cases: usize,
    pub programs: usize,
    pub regions: usize,
    pub committed: Option<Figure<'a>>,
}

impl<'a> Ctx<'a> {
    fn base_url(&self) -> &str {
        &self.site.config.base_url
    }

    pub fn date(&self, period: &Period) -> DateView {
        DateView::new(period, self.site.config.language)
    }

    pub fn region_link(&self, id: RegionId) -> Link<'a> {
        Link {
            title: &self.site.regions.region(id).name,
            url: Cow::Borrowed(self.prepared.region_url(id)),
        }
    }

    pub fn breadcrumb(&self, id: RegionId) -> Vec<Link<'a>> {
        self.site
            .regions
            .ancestry(id)
            .into_iter()
            .map(|r| self.region_link(r))
            .collect()
    }

    pub fn theme_links(&self, keys: &[String]) -> Vec<Link<'a>> {
        keys.iter()
            .filter_map(|k| {
                let theme = self.site.themes.get(k)?;
                Some(Link {
                    title: &theme.label,
                    url: Cow::Borrowed(self.prepared.theme_url(k)?),
                })
            })
            .collect()
    }

    fn tag_links(&self, tags: &'a [String]) -> Vec<Link<'a>> {
        tags.iter()
            .map(|t| Link {
                title: t,
                url: Cow::Owned(urls::tag(&crate::model::tag_slug(t)).url(self.base_url())),
            })
            .collect()
    }

    /// A quantity as shown, with its exact value in `unit_name`.
    pub fn figure(&self, q: &'a Quantity, exact_value: Decimal, unit_name: &str) -> Figure<'a> {
        let config = &self.site.config;
        Figure {
            display: q.format(config.money_style, config.language, &config.currency),
            exact: format!("{} {unit_name}", exact_value.normalize()),
            as_reported: Cow::Borrowed(&q.source),
            approximate: q.is_approximate(),
        }
    }

    /// Money as shown; `exact` is in the site's currency.
    pub fn money_figure(&self, q: &'a Quantity) -> Figure<'a> {
        let unit = self.currency_word();
        self.figure(q, q.midpoint(), &unit)
    }

    fn currency_word(&self) -> String {
        let currency = &self.site.config.currency;
        if currency == "CNY" {
            "yuan".to_string()
        } else {
            currency.clone()
        }
    }

    pub fn card(&self, r: RecordRef) -> Card<'a> {
        let base = self.site.record(r);
        let kind = match r {
            RecordRef::Case(_) => "case",
            RecordRef::Program(_) => "program",
        };
        Card {
            kind,
            type_label: self.labels.text(kind),
            slug: &base.slug,
            title: &base.title,
            url: self.prepared.record_url(r),
            summary: &base.summary,
            date: self.prepared.record_date(r),
            region: self.region_link(base.region),
            themes: self.theme_links(&base.themes),
        }
    }

    pub fn cards(&self, refs: &[RecordRef]) -> Vec<Card<'a>> {
        refs.iter().map(|r| self.card(*r)).collect()
    }

    fn indicator_rows(&self, observations: &'a [Observation]) -> Vec<IndicatorRow<'a>> {
        observations
            .iter()
            .filter_map(|o| {
                let def = self.site.indicators.get(&o.key)?;
                Some(IndicatorRow {
                    key: &def.key,
                    label: &def.label,
                    unit: &def.unit_name,
                    value: self.figure(&o.quantity, o.value, &def.unit_name),
                    period: DateView {
                        iso: o.period.iso(),
                        display: o.period.display(self.site.config.language),
                    },
                    kind: o.kind.as_str(),
                    kind_label: self
                        .labels
                        .nested_text("observation_kinds", o.kind.as_str()),
                    region: o.region.map(|r| self.region_link(r)),
                    note: o.note.as_deref(),
                })
            })
            .collect()
    }

    fn sources(&self, base: &'a RecordBase) -> Vec<SourceView<'a>> {
        base.sources
            .iter()
            .map(|s| SourceView {
                title: &s.title,
                publisher: s.publisher.as_deref(),
                date: s.date.as_ref().map(|d| self.date(d)),
                url: s.url.as_deref(),
                note: s.note.as_deref(),
            })
            .collect()
    }

    pub fn case_view(&self, index: usize, case: &'a Case, body_html: String) -> CaseView<'a> {
        let base = &case.base;
        let programs: Vec<RecordRef> = self.index.case_programs[index]
            .iter()
            .map(|p| RecordRef::Program(*p))
            .collect();
        CaseView {
            slug: &base.slug,
            title: &base.title,
            url: self.prepared.record_url(RecordRef::Case(index)),
            summary: &base.summary,
            date: self.date(&case.date),
            breadcrumb: self.breadcrumb(base.region),
            region: self.region_link(base.region),
            themes: self.theme_links(&base.themes),
            tags: self.tag_links(&base.tags),
            recognition: case.recognition.as_deref(),
            body_html,
            indicators: self.indicator_rows(&base.indicators),
            programs: self.cards(&programs),
            sources: self.sources(base),
            extra: &base.extra,
        }
    }

    pub fn program_view(
        &self,
        index: usize,
        program: &'a Program,
        body_html: String,
    ) -> ProgramView<'a> {
        let base = &program.base;
        let cases: Vec<RecordRef> = self.index.program_cases[index]
            .iter()
            .map(|c| RecordRef::Case(*c))
            .collect();
        ProgramView {
            slug: &base.slug,
            title: &base.title,
            url: self.prepared.record_url(RecordRef::Program(index)),
            summary: &base.summary,
            date: self.date(&program.start),
            breadcrumb: self.breadcrumb(base.region),
            region: self.region_link(base.region),
            themes: self.theme_links(&base.themes),
            tags: self.tag_links(&base.tags),
            body_html,
            indicators: self.indicator_rows(&base.indicators),
            sources: self.sources(base),
            extra: &base.extra,
            institution: &program.institution,
            partners: &program.partners,
            kind: &program.kind,
            kind_label: self.labels.nested_text("program_kinds", &program.kind),
            start: self.date(&program.start),
            end: program.end.as_ref().map(|e| self.date(e)),
            status: program.status.as_str(),
            status_label: self.labels.nested_text("statuses", program.status.as_str()),
            commitment: program.commitment.as_ref().map(|q| self.money_figure(q)),
            eligibility: program.eligibility.as_deref(),
            contact: program.contact.as_deref(),
            apply_url: program.apply_url.as_deref(),
            milestones: program
                .milestones
                .iter()
                .map(|m| MilestoneView {
                    date: self.date(&m.date),
                    title: &m.title,
                    amount: m.amount.as_ref().map(|q| {
                        let unit = self.base_unit_word(&q.dimension);
                        self.figure(q, q.midpoint(), &unit)
                    }),
                })
                .collect(),
            cases: self.cards(&cases),
        }
    }

    /// The word for a dimension's base unit, for `exact` values.
    fn base_unit_word(&self, dimension: &Dimension) -> String {
        match dimension {
            Dimension::Money => self.currency_word(),
            Dimension::Ratio => "%".into(),
            Dimension::Area => "m2".into(),
            Dimension::Energy => "kWh".into(),
            Dimension::Power => "kW".into(),
            Dimension::Mass => "t".into(),
            Dimension::Count(noun) => noun.clone(),
        }
    }

    pub fn region_node(&self, id: RegionId) -> RegionNode<'a> {
        let region = self.site.regions.region(id);
        RegionNode {
            title: &region.name,
            url: self.prepared.region_url(id),
            level: region.level.as_deref(),
            count: self.index.region_records[id].len(),
            children: region
                .children
                .iter()
                .map(|c| self.region_node(*c))
                .collect(),
        }
    }

    /// A region's page, showing `records` (one page of its records).
    pub fn region_view(&self, id: RegionId, records: &[RecordRef]) -> RegionView<'a> {
        let region = self.site.regions.region(id);
        RegionView {
            title: &region.name,
            url: self.prepared.region_url(id),
            level: region.level.as_deref(),
            alt_names: &region.alt_names,
            breadcrumb: self.breadcrumb(id),
            children: region
                .children
                .iter()
                .map(|c| self.region_node(*c))
                .collect(),
            records: self.cards(records),
        }
    }

    pub fn page_view(&self, page: &'a Page, body_html: String) -> PageView<'a> {
        PageView {
            title: &page.title,
            summary: page.summary.as_deref(),
            date: page.date.as_ref().map(|d| self.date(d)),
            body_html,
            extra: &page.extra,
        }
    }

    /// Headline figures of the home page. The money committed is the exact sum of the
    /// programs' commitments (a range counts as its midpoint); it is marked
    /// approximate when any part is.
    pub fn stats(&self) -> Stats<'a> {
        let config = &self.site.config;
        let commitments: Vec<&Quantity> = self
            .site
            .programs
            .iter()
            .filter_map(|p| p.commitment.as_ref())
            .collect();
        let committed = (!commitments.is_empty()).then(|| {
            let total: Decimal = commitments.iter().map(|q| q.midpoint()).sum();
            let approximate = commitments.iter().any(|q| q.is_approximate());
            Figure {
                display: quantity::format_money(total, config.money_style, &config.currency),
                exact: format!("{} {}", total.normalize(), self.currency_word()),
                as_reported: Cow::Owned(
                    commitments
                        .iter()
                        .map(|q| q.source.as_str())
                        .collect::<Vec<_>>()
                        .join(" + "),
                ),
                approximate,
            }
        });
        Stats {
            cases: self.site.cases.len(),
            programs: self.site.programs.len(),
            regions: self.site.regions.regions.len(),
            committed,
        }
    }

    /// Themes with their record counts, in catalog order.
    pub fn theme_summaries(&self) -> Vec<TermSummary<'a>> {
        self.site
            .themes
            .values()
            .map(|t| TermSummary {
                title: Cow::Borrowed(&t.label),
                url: urls::theme(&t.key).url(self.base_url()),
                description: t.description.as_deref(),
                count: self.index.theme_records.get(&t.key).map_or(0, Vec::len),
            })
            .collect()
    }

    pub fn tag_summaries(&self) -> Vec<TermSummary<'a>> {
        let mut tags: Vec<TermSummary<'a>> = self
            .index
            .tags
            .iter()
            .map(|(slug, tag)| TermSummary {
                title: Cow::Borrowed(&tag.name),
                url: urls::tag(slug).url(self.base_url()),
                description: None,
                count: tag.records.len(),
            })
            .collect();
        tags.sort_by(|a, b| {
            a.title
                .to_lowercase()
                .cmp(&b.title.to_lowercase())
                .then_with(|| a.url.cmp(&b.url))
        });
        tags
    }

    pub fn year_summaries(&self) -> Vec<TermSummary<'a>> {
        self.index
            .years
            .iter()
            .rev()
            .map(|(year, records)| TermSummary {
                title: Cow::Owned(year.to_string()),
                url: urls::year(*year).url(self.base_url()),
                description: None,
                count: records.len(),
            })
            .collect()
    }
}

/// The site's menu: free pages by weight.
pub fn menu(site: &Site) -> Vec<Link<'_>> {
    site.pages
        .iter()
        .map(|p| Link {
            title: &p.title,
            url: Cow::Owned(urls::page(&p.slug).url(&site.config.base_url)),
        })
        .collect()
}
