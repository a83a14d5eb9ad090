//! Open data: every record and every figure as JSON and CSV, exact. Decimals are
//! written as strings in JSON so that no reader turns them into floats.

use rayon::prelude::*;
use serde::Serialize;

use crate::model::quantity::{Qualifier, Quantity};
use crate::model::{Case, Observation, Program, RecordBase, RecordRef, Site};

use super::urls;
use super::{Content, OutputFile};

#[derive(Serialize)]
struct QuantityExport<'a> {
    /// Exact, in `unit` (a range's midpoint).
    value: String,
    unit: &'a str,
    qualifier: &'static str,
    as_reported: &'a str,
}

#[derive(Serialize)]
struct IndicatorExport<'a> {
    key: &'a str,
    #[serde(flatten)]
    quantity: QuantityExport<'a>,
    period: String,
    kind: &'static str,
    region: Option<&'a str>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct SourceExport<'a> {
    title: &'a str,
    publisher: Option<&'a str>,
    date: Option<String>,
    url: Option<&'a str>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct BaseExport<'a> {
    slug: &'a str,
    url: String,
    title: &'a str,
    region: &'a str,
    region_name: &'a str,
    themes: &'a [String],
    tags: &'a [String],
    summary: &'a str,
    sources: Vec<SourceExport<'a>>,
    indicators: Vec<IndicatorExport<'a>>,
    extra: &'a serde_json::Value,
}

#[derive(Serialize)]
struct CaseExport<'a> {
    #[serde(flatten)]
    base: BaseExport<'a>,
    date: String,
    recognition: Option<&'a str>,
    programs: &'a [String],
}

#[derive(Serialize)]
struct MilestoneExport<'a> {
    date: String,
    title: &'a str,
    amount: Option<QuantityExport<'a>>,
}

#[derive(Serialize)]
struct ProgramExport<'a> {
    #[serde(flatten)]
    base: BaseExport<'a>,
    institution: &'a str,
    partners: &'a [String],
    kind: &'a str,
    start: String,
    end: Option<String>,
    status: &'static str,
    commitment: Option<QuantityExport<'a>>,
    eligibility: Option<&'a str>,
    contact: Option<&'a str>,
    apply_url: Option<&'a str>,
    milestones: Vec<MilestoneExport<'a>>,
}

/// The qualifier as a word for data users; a range is `range`.
fn qualifier(q: &Quantity) -> &'static str {
    if q.high.is_some() {
        return "range";
    }
    match q.qualifier {
        Qualifier::Exact => "exact",
        Qualifier::About => "about",
        Qualifier::Nearly => "nearly",
        Qualifier::Over => "over",
        Qualifier::AtLeast => "at-least",
        Qualifier::AtMost => "at-most",
        Qualifier::Under => "under",
    }
}

fn money<'a>(q: &'a Quantity, unit: &'a str) -> QuantityExport<'a> {
    QuantityExport {
        value: q.midpoint().normalize().to_string(),
        unit,
        qualifier: qualifier(q),
        as_reported: &q.source,
    }
}

struct Exporter<'a> {
    site: &'a Site,
    currency_unit: &'a str,
}

impl<'a> Exporter<'a> {
    fn indicator(&self, o: &'a Observation) -> IndicatorExport<'a> {
        let unit = self
            .site
            .indicators
            .get(&o.key)
            .map_or("", |d| d.unit_name.as_str());
        IndicatorExport {
            key: &o.key,
            quantity: QuantityExport {
                value: o.value.normalize().to_string(),
                unit,
                qualifier: qualifier(&o.quantity),
                as_reported: &o.quantity.source,
            },
            period: o.period.iso(),
            kind: o.kind.as_str(),
            region: o.region.map(|r| self.site.regions.region(r).id.as_str()),
            note: o.note.as_deref(),
        }
    }

    fn base(&self, base: &'a RecordBase, url: String) -> BaseExport<'a> {
        let region = self.site.regions.region(base.region);
        BaseExport {
            slug: &base.slug,
            url,
            title: &base.title,
            region: &region.id,
            region_name: &region.name,
            themes: &base.themes,
            tags: &base.tags,
            summary: &base.summary,
            sources: base
                .sources
                .iter()
                .map(|s| SourceExport {
                    title: &s.title,
                    publisher: s.publisher.as_deref(),
                    date: s.date.map(|d| d.iso()),
                    url: s.url.as_deref(),
                    note: s.note.as_deref(),
                })
                .collect(),
            indicators: base.indicators.iter().map(|o| self.indicator(o)).collect(),
            extra: &base.extra,
        }
    }

    fn case(&self, case: &'a Case) -> CaseExport<'a> {
        CaseExport {
            base: self.base(
                &case.base,
                urls::case(&case.base.slug).url(&self.site.config.base_url),
            ),
            date: case.date.iso(),
            recognition: case.recognition.as_deref(),
            programs: &case.programs,
        }
    }

    fn program(&self, program: &'a Program) -> ProgramExport<'a> {
        ProgramExport {
            base: self.base(
                &program.base,
                urls::program(&program.base.slug).url(&self.site.config.base_url),
            ),
            institution: &program.institution,
            partners: &program.partners,
            kind: &program.kind,
            start: program.start.iso(),
            end: program.end.map(|e| e.iso()),
            status: program.status.as_str(),
            commitment: program
                .commitment
                .as_ref()
                .map(|q| money(q, self.currency_unit)),
            eligibility: program.eligibility.as_deref(),
            contact: program.contact.as_deref(),
            apply_url: program.apply_url.as_deref(),
            milestones: program
                .milestones
                .iter()
                .map(|m| MilestoneExport {
                    date: m.date.iso(),
                    title: &m.title,
                    amount: m.amount.as_ref().map(|q| money(q, q.dimension.base_unit())),
                })
                .collect(),
        }
    }
}

/// Pretty JSON in which `<`, `>` and `&` are written as `\u` escapes: the same data,
/// but no markup, even if a page ever inlines it.
fn json(path: String, value: &impl Serialize) -> OutputFile {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    let mut bytes = text
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .into_bytes();
    bytes.push(b'\n');
    OutputFile {
        path,
        content: Content::Bytes(bytes),
    }
}

/// The columns of indicators.csv, in order.
pub const CSV_COLUMNS: [&str; 11] = [
    "record",
    "record_type",
    "region",
    "indicator",
    "period",
    "kind",
    "value",
    "unit",
    "qualifier",
    "as_reported",
    "source_url",
];

fn indicators_csv(site: &Site) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(CSV_COLUMNS)?;
    for record in site.all_records() {
        let base = site.record(record);
        let record_type = match record {
            RecordRef::Case(_) => "case",
            RecordRef::Program(_) => "program",
        };
        let source_url = base
            .sources
            .iter()
            .find_map(|s| s.url.as_deref())
            .unwrap_or("");
        for o in &base.indicators {
            let region = site.regions.region(o.region.unwrap_or(base.region));
            let unit = site
                .indicators
                .get(&o.key)
                .map_or("", |d| d.unit_name.as_str());
            writer.write_record([
                base.slug.as_str(),
                record_type,
                region.id.as_str(),
                o.key.as_str(),
                &o.period.iso(),
                o.kind.as_str(),
                &o.value.normalize().to_string(),
                unit,
                qualifier(&o.quantity),
                &o.quantity.source,
                source_url,
            ])?;
        }
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

/// Every export file of the site.
pub fn exports(site: &Site) -> Vec<OutputFile> {
    let currency_unit = if site.config.currency == "CNY" {
        "yuan"
    } else {
        site.config.currency.as_str()
    };
    let exporter = Exporter {
        site,
        currency_unit,
    };
    let cases: Vec<CaseExport> = site.cases.par_iter().map(|c| exporter.case(c)).collect();
    let programs: Vec<ProgramExport> = site
        .programs
        .par_iter()
        .map(|p| exporter.program(p))
        .collect();
    let (mut files, records) = rayon::join(
        || {
            // Writing CSV into memory cannot fail on I/O; an error here would be a bug.
            let csv = indicators_csv(site).unwrap_or_default();
            vec![
                json("data/cases.json".into(), &cases),
                json("data/programs.json".into(), &programs),
                OutputFile {
                    path: "data/indicators.csv".into(),
                    content: Content::Bytes(csv),
                },
            ]
        },
        || {
            let cases = cases
                .par_iter()
                .map(|case| json(format!("cases/{}/index.json", case.base.slug), case));
            let programs = programs.par_iter().map(|program| {
                json(
                    format!("programs/{}/index.json", program.base.slug),
                    program,
                )
            });
            cases.chain(programs).collect::<Vec<_>>()
        },
    );
    files.extend(records);
    files
}
