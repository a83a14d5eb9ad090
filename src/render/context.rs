//! The values templates see, as documented in docs/templates.md. They are built from
//! the model once per page; display formatting (money style, dates, labels) happens
//! here and nowhere else.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::index::Index;
use crate::model::period::Period;
use crate::model::quantity::{self, Dimension, Quantity};
use crate::model::{Case, Observation, Page, Program, RecordBase, RecordRef, RegionId, Site};

use super::labels::Labels;
use super::urls;

/// Everything context building needs, borrowed.
pub struct Ctx<'a> {
    pub site: &'a Site,
    pub index: &'a Index,
    pub labels: &'a Labels,
    pub dashboard: &'a super::dashboard::Dashboard,
    pub charts: &'a super::charts::Charts,
}

#[derive(Serialize, Clone)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub struct DateView {
    pub iso: String,
    pub display: String,
}

#[derive(Serialize, Clone)]
pub struct Figure {
    pub display: String,
    pub exact: String,
    pub as_reported: String,
    pub approximate: bool,
}

#[derive(Serialize, Clone)]
pub struct Card {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub type_label: String,
    pub slug: String,
    pub title: String,
    pub url: String,
    pub summary: String,
    pub date: DateView,
    pub region: Link,
    pub themes: Vec<Link>,
}

#[derive(Serialize)]
pub struct IndicatorRow {
    pub key: String,
    pub label: String,
    pub unit: String,
    pub value: Figure,
    pub period: DateView,
    pub kind: &'static str,
    pub kind_label: String,
    pub region: Option<Link>,
    pub note: Option<String>,
}

#[derive(Serialize)]
pub struct SourceView {
    pub title: String,
    pub publisher: Option<String>,
    pub date: Option<DateView>,
    pub url: Option<String>,
    pub note: Option<String>,
}

#[derive(Serialize)]
pub struct MilestoneView {
    pub date: DateView,
    pub title: String,
    pub amount: Option<Figure>,
}

#[derive(Serialize)]
pub struct CaseView {
    pub slug: String,
    pub title: String,
    pub url: String,
    pub summary: String,
    pub date: DateView,
    pub breadcrumb: Vec<Link>,
    pub region: Link,
    pub themes: Vec<Link>,
    pub tags: Vec<Link>,
    pub recognition: Option<String>,
    pub body_html: String,
    pub indicators: Vec<IndicatorRow>,
    pub programs: Vec<Card>,
    pub sources: Vec<SourceView>,
    pub extra: serde_json::Value,
}

#[derive(Serialize)]
pub struct ProgramView {
    pub slug: String,
    pub title: String,
    pub url: String,
    pub summary: String,
    pub date: DateView,
    pub breadcrumb: Vec<Link>,
    pub region: Link,
    pub themes: Vec<Link>,
    pub tags: Vec<Link>,
    pub body_html: String,
    pub indicators: Vec<IndicatorRow>,
    pub sources: Vec<SourceView>,
    pub extra: serde_json::Value,
    pub institution: String,
    pub partners: Vec<String>,
    pub kind: String,
    pub kind_label: String,
    pub start: DateView,
    pub end: Option<DateView>,
    pub status: &'static str,
    pub status_label: String,
    pub commitment: Option<Figure>,
    pub eligibility: Option<String>,
    pub contact: Option<String>,
    pub apply_url: Option<String>,
    pub milestones: Vec<MilestoneView>,
    pub cases: Vec<Card>,
}

#[derive(Serialize)]
pub struct RegionNode {
    pub title: String,
    pub url: String,
    pub level: Option<String>,
    pub count: usize,
    pub children: Vec<RegionNode>,
}

#[derive(Serialize)]
pub struct RegionView {
    pub title: String,
    pub url: String,
    pub level: Option<String>,
    pub alt_names: Vec<String>,
    pub breadcrumb: Vec<Link>,
    pub children: Vec<RegionNode>,
    pub records: Vec<Card>,
}

/// A taxonomy entry in a list: a theme, tag or year with its count.
#[derive(Serialize)]
pub struct TermSummary {
    pub title: String,
    pub url: String,
    pub description: Option<String>,
    pub count: usize,
}

/// A taxonomy entry's own page.
#[derive(Serialize)]
pub struct TermView {
    pub title: String,
    pub url: String,
    pub description: Option<String>,
    pub records: Vec<Card>,
}

#[derive(Serialize)]
pub struct PageView {
    pub title: String,
    pub summary: Option<String>,
    pub date: Option<DateView>,
    pub body_html: String,
    pub extra: serde_json::Value,
}

#[derive(Serialize)]
pub struct Stats {
    pub cases: usize,
    pub programs: usize,
    pub regions: usize,
    pub committed: Option<Figure>,
}

impl<'a> Ctx<'a> {
    fn base_url(&self) -> &str {
        &self.site.config.base_url
    }

    pub fn date(&self, period: &Period) -> DateView {
        DateView {
            iso: period.iso(),
            display: period.display(self.site.config.language),
        }
    }

    pub fn region_link(&self, id: RegionId) -> Link {
        let region = self.site.regions.region(id);
        Link {
            title: region.name.clone(),
            url: urls::region(&region.id).url(self.base_url()),
        }
    }

    pub fn breadcrumb(&self, id: RegionId) -> Vec<Link> {
        self.site
            .regions
            .ancestry(id)
            .into_iter()
            .map(|r| self.region_link(r))
            .collect()
    }

    pub fn theme_links(&self, keys: &[String]) -> Vec<Link> {
        keys.iter()
            .filter_map(|k| self.site.themes.get(k))
            .map(|t| Link {
                title: t.label.clone(),
                url: urls::theme(&t.key).url(self.base_url()),
            })
            .collect()
    }

    fn tag_links(&self, tags: &[String]) -> Vec<Link> {
        tags.iter()
            .map(|t| Link {
                title: t.clone(),
                url: urls::tag(&crate::model::tag_slug(t)).url(self.base_url()),
            })
            .collect()
    }

    /// A quantity as shown, with its exact value in `unit_name`.
    pub fn figure(&self, q: &Quantity, exact_value: Decimal, unit_name: &str) -> Figure {
        let config = &self.site.config;
        Figure {
            display: q.format(config.money_style, config.language, &config.currency),
            exact: format!("{} {unit_name}", exact_value.normalize()),
            as_reported: q.source.clone(),
            approximate: q.is_approximate(),
        }
    }

    /// Money as shown; `exact` is in the site's currency.
    pub fn money_figure(&self, q: &Quantity) -> Figure {
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

    pub fn card(&self, r: RecordRef) -> Card {
        let base = self.site.record(r);
        let (kind, route) = match r {
            RecordRef::Case(_) => ("case", urls::case(&base.slug)),
            RecordRef::Program(_) => ("program", urls::program(&base.slug)),
        };
        Card {
            kind,
            type_label: self.labels.get(kind),
            slug: base.slug.clone(),
            title: base.title.clone(),
            url: route.url(self.base_url()),
            summary: base.summary.clone(),
            date: self.date(self.site.record_date(r)),
            region: self.region_link(base.region),
            themes: self.theme_links(&base.themes),
        }
    }

    pub fn cards(&self, refs: &[RecordRef]) -> Vec<Card> {
        refs.iter().map(|r| self.card(*r)).collect()
    }

    fn indicator_rows(&self, observations: &[Observation]) -> Vec<IndicatorRow> {
        observations
            .iter()
            .filter_map(|o| {
                let def = self.site.indicators.get(&o.key)?;
                Some(IndicatorRow {
                    key: def.key.clone(),
                    label: def.label.clone(),
                    unit: def.unit_name.clone(),
                    value: self.figure(&o.quantity, o.value, &def.unit_name),
                    period: DateView {
                        iso: o.period.iso(),
                        display: o.period.display(self.site.config.language),
                    },
                    kind: o.kind.as_str(),
                    kind_label: self.labels.nested("observation_kinds", o.kind.as_str()),
                    region: o.region.map(|r| self.region_link(r)),
                    note: o.note.clone(),
                })
            })
            .collect()
    }

    fn sources(&self, base: &RecordBase) -> Vec<SourceView> {
        base.sources
            .iter()
            .map(|s| SourceView {
                title: s.title.clone(),
                publisher: s.publisher.clone(),
                date: s.date.as_ref().map(|d| self.date(d)),
                url: s.url.clone(),
                note: s.note.clone(),
            })
            .collect()
    }

    pub fn case_view(&self, index: usize, case: &Case, body_html: String) -> CaseView {
        let base = &case.base;
        let programs: Vec<RecordRef> = self.index.case_programs[index]
            .iter()
            .map(|p| RecordRef::Program(*p))
            .collect();
        CaseView {
            slug: base.slug.clone(),
            title: base.title.clone(),
            url: urls::case(&base.slug).url(self.base_url()),
            summary: base.summary.clone(),
            date: self.date(&case.date),
            breadcrumb: self.breadcrumb(base.region),
            region: self.region_link(base.region),
            themes: self.theme_links(&base.themes),
            tags: self.tag_links(&base.tags),
            recognition: case.recognition.clone(),
            body_html,
            indicators: self.indicator_rows(&base.indicators),
            programs: self.cards(&programs),
            sources: self.sources(base),
            extra: base.extra.clone(),
        }
    }

    pub fn program_view(&self, index: usize, program: &Program, body_html: String) -> ProgramView {
        let base = &program.base;
        let cases: Vec<RecordRef> = self.index.program_cases[index]
            .iter()
            .map(|c| RecordRef::Case(*c))
            .collect();
        ProgramView {
            slug: base.slug.clone(),
            title: base.title.clone(),
            url: urls::program(&base.slug).url(self.base_url()),
            summary: base.summary.clone(),
            date: self.date(&program.start),
            breadcrumb: self.breadcrumb(base.region),
            region: self.region_link(base.region),
            themes: self.theme_links(&base.themes),
            tags: self.tag_links(&base.tags),
            body_html,
            indicators: self.indicator_rows(&base.indicators),
            sources: self.sources(base),
            extra: base.extra.clone(),
            institution: program.institution.clone(),
            partners: program.partners.clone(),
            kind: program.kind.clone(),
            kind_label: self.labels.nested("program_kinds", &program.kind),
            start: self.date(&program.start),
            end: program.end.as_ref().map(|e| self.date(e)),
            status: program.status.as_str(),
            status_label: self.labels.nested("statuses", program.status.as_str()),
            commitment: program.commitment.as_ref().map(|q| self.money_figure(q)),
            eligibility: program.eligibility.clone(),
            contact: program.contact.clone(),
            apply_url: program.apply_url.clone(),
            milestones: program
                .milestones
                .iter()
                .map(|m| MilestoneView {
                    date: self.date(&m.date),
                    title: m.title.clone(),
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

    pub fn region_node(&self, id: RegionId) -> RegionNode {
        let region = self.site.regions.region(id);
        RegionNode {
            title: region.name.clone(),
            url: urls::region(&region.id).url(self.base_url()),
            level: region.level.clone(),
            count: self.index.region_records[id].len(),
            children: region
                .children
                .iter()
                .map(|c| self.region_node(*c))
                .collect(),
        }
    }

    /// A region's page, showing `records` (one page of its records).
    pub fn region_view(&self, id: RegionId, records: &[RecordRef]) -> RegionView {
        let region = self.site.regions.region(id);
        RegionView {
            title: region.name.clone(),
            url: urls::region(&region.id).url(self.base_url()),
            level: region.level.clone(),
            alt_names: region.alt_names.clone(),
            breadcrumb: self.breadcrumb(id),
            children: region
                .children
                .iter()
                .map(|c| self.region_node(*c))
                .collect(),
            records: self.cards(records),
        }
    }

    pub fn page_view(&self, page: &Page, body_html: String) -> PageView {
        PageView {
            title: page.title.clone(),
            summary: page.summary.clone(),
            date: page.date.as_ref().map(|d| self.date(d)),
            body_html,
            extra: page.extra.clone(),
        }
    }

    /// Headline figures of the home page. The money committed is the exact sum of the
    /// programs' commitments (a range counts as its midpoint); it is marked
    /// approximate when any part is.
    pub fn stats(&self) -> Stats {
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
                as_reported: commitments
                    .iter()
                    .map(|q| q.source.as_str())
                    .collect::<Vec<_>>()
                    .join(" + "),
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
    pub fn theme_summaries(&self) -> Vec<TermSummary> {
        self.site
            .themes
            .values()
            .map(|t| TermSummary {
                title: t.label.clone(),
                url: urls::theme(&t.key).url(self.base_url()),
                description: t.description.clone(),
                count: self.index.theme_records.get(&t.key).map_or(0, Vec::len),
            })
            .collect()
    }

    pub fn tag_summaries(&self) -> Vec<TermSummary> {
        let mut tags: Vec<TermSummary> = self
            .index
            .tags
            .iter()
            .map(|(slug, tag)| TermSummary {
                title: tag.name.clone(),
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

    pub fn year_summaries(&self) -> Vec<TermSummary> {
        self.index
            .years
            .iter()
            .rev()
            .map(|(year, records)| TermSummary {
                title: year.to_string(),
                url: urls::year(*year).url(self.base_url()),
                description: None,
                count: records.len(),
            })
            .collect()
    }
}

/// The site's menu: free pages by weight.
pub fn menu(site: &Site) -> Vec<Link> {
    site.pages
        .iter()
        .map(|p| Link {
            title: p.title.clone(),
            url: urls::page(&p.slug).url(&site.config.base_url),
        })
        .collect()
}
