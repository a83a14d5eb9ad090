//! The indicator layer: what the dashboard, the indicator pages and the charts on
//! record, region and home pages show. Figures come from [`crate::model::aggregate`];
//! this module only arranges and formats them.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::aggregate::{Figure, IndicatorData, collect, collect_some};
use crate::model::period::Period;
use crate::model::quantity::{Dimension, Unit, format_in_unit};
use crate::model::{Aggregate, ObservationKind, Program, RecordBase, RecordRef, RegionId, Site};

use super::charts::{ChartInput, ChartKind, ChartSize, ChartView, Charts, SeriesInput};
use super::context::{Ctx, DateView, Figure as FigureView, Link};
use super::urls;

/// A site figure as shown: the combined value and the period it is for.
#[derive(Serialize)]
pub struct Current {
    pub display: String,
    pub exact: String,
    pub period: DateView,
    pub approximate: bool,
}

#[derive(Serialize)]
pub struct IndicatorSummary {
    pub key: String,
    pub label: String,
    pub unit: String,
    pub description: Option<String>,
    pub url: String,
    pub aggregate: &'static str,
    pub aggregate_label: String,
    /// Records that report it.
    pub records: usize,
    /// Whether any of its values is an actual (not only targets or baselines).
    pub has_actuals: bool,
    pub current: Option<Current>,
    pub chart: Option<ChartView>,
}

/// One reported value on an indicator's page.
#[derive(Serialize)]
pub struct ValueRow<'a> {
    pub record: Link<'a>,
    pub record_type: &'static str,
    pub record_type_label: &'a str,
    pub region: Link<'a>,
    pub period: DateView,
    pub kind: &'static str,
    pub kind_label: &'a str,
    pub value: FigureView<'a>,
    pub note: Option<&'a str>,
    pub source_url: Option<&'a str>,
}

#[derive(Serialize)]
pub struct IndicatorView<'a> {
    #[serde(flatten)]
    pub summary: IndicatorSummary,
    /// The latest values, newest first: at most [`MAX_VALUE_ROWS`].
    pub rows: Vec<ValueRow<'a>>,
    /// How many values there are in all (every one is in the CSV).
    pub total_rows: usize,
    pub bar_chart: Option<ChartView>,
    pub line_chart: Option<ChartView>,
    pub csv_url: String,
}

/// How many regions an indicator's bar chart shows, and how many regions' lines its
/// chart over time draws; the rest are in the table and the CSV.
const MAX_BARS: usize = 12;
const MAX_LINES: usize = 6;

/// "the 12 highest of 345 regions", for a chart that shows only the highest.
fn highest(ctx: &Ctx<'_>, shown: usize, total: usize) -> String {
    ctx.labels
        .get("highest_regions")
        .replace("{shown}", &shown.to_string())
        .replace("{total}", &total.to_string())
}

/// How many values an indicator's page lists. A site of 100,000 records reports
/// hundreds of thousands: the page shows the latest and the CSV holds them all, so that
/// the page stays a page (and its build time does not grow with the whole site).
pub const MAX_VALUE_ROWS: usize = 100;

/// A region's headline figure for one indicator.
#[derive(Serialize)]
pub struct RegionFigure {
    pub label: String,
    pub url: String,
    pub current: Current,
}

/// The indicator data of a site, collected once per build.
pub struct Dashboard {
    pub data: BTreeMap<String, IndicatorData>,
}

fn aggregate_key(rule: Aggregate) -> &'static str {
    match rule {
        Aggregate::Sum => "sum",
        Aggregate::Mean => "mean",
        Aggregate::None => "none",
    }
}

impl Dashboard {
    pub fn new(site: &Site) -> Self {
        Dashboard {
            data: collect(site),
        }
    }

    /// Collects again the values of the indicators `keys`, after their records
    /// changed (`casebook serve`).
    pub fn update<'k>(&mut self, site: &Site, keys: impl IntoIterator<Item = &'k str>) {
        self.data.extend(collect_some(site, keys));
    }

    fn current(
        &self,
        ctx: &Ctx<'_>,
        data: &IndicatorData,
        period: &Period,
        figure: &Figure,
    ) -> Current {
        let config = &ctx.site.config;
        let value = figure.value(data.def.aggregate);
        Current {
            display: format_in_unit(value, &data.def.unit, config.money_style, &config.currency),
            exact: format!("{} {}", value.normalize(), data.def.unit_name),
            period: ctx.date(period),
            approximate: figure.approximate,
        }
    }

    fn summary(
        &self,
        ctx: &Ctx<'_>,
        charts: &Charts,
        data: &IndicatorData,
        with_chart: bool,
    ) -> IndicatorSummary {
        let def = &data.def;
        let current = data.current().map(|(p, f)| self.current(ctx, data, &p, &f));
        IndicatorSummary {
            key: def.key.clone(),
            label: def.label.clone(),
            unit: def.unit_name.clone(),
            description: def.description.clone(),
            url: urls::indicator(&def.key).url(&ctx.site.config.base_url),
            aggregate: aggregate_key(def.aggregate),
            aggregate_label: ctx
                .labels
                .nested("aggregates", aggregate_key(def.aggregate)),
            records: data.record_count(),
            has_actuals: !data.actual_periods().is_empty(),
            current,
            chart: if with_chart {
                self.bar_chart(ctx, charts, data, ChartSize::Small)
            } else {
                None
            },
        }
    }

    /// The catalog, in key order.
    pub fn summaries(&self, ctx: &Ctx<'_>, charts: &Charts) -> Vec<IndicatorSummary> {
        self.data
            .values()
            .map(|d| self.summary(ctx, charts, d, true))
            .collect()
    }

    pub fn view<'a>(&self, ctx: &Ctx<'a>, charts: &Charts, key: &str) -> Option<IndicatorView<'a>> {
        let data = self.data.get(key)?;
        let site = ctx.site;
        let rows = data
            .points
            .iter()
            .rev()
            .take(MAX_VALUE_ROWS)
            .map(|p| {
                let base = site.record(p.record);
                let observation = &base.indicators[p.observation];
                let record_type = match p.record {
                    RecordRef::Case(_) => "case",
                    RecordRef::Program(_) => "program",
                };
                ValueRow {
                    record: Link {
                        title: &base.title,
                        url: Cow::Borrowed(ctx.prepared.record_url(p.record)),
                    },
                    record_type,
                    record_type_label: ctx.labels.text(record_type),
                    region: ctx.region_link(p.region),
                    period: ctx.date(&p.period),
                    kind: p.kind.as_str(),
                    kind_label: ctx.labels.nested_text("observation_kinds", p.kind.as_str()),
                    value: ctx.figure(
                        &observation.quantity,
                        observation.value,
                        &data.def.unit_name,
                    ),
                    note: observation.note.as_deref(),
                    source_url: base.sources.iter().find_map(|s| s.url.as_deref()),
                }
            })
            .collect();
        Some(IndicatorView {
            summary: self.summary(ctx, charts, data, false),
            rows,
            total_rows: data.points.len(),
            bar_chart: self.bar_chart(ctx, charts, data, ChartSize::Full),
            line_chart: self.line_chart(ctx, charts, data),
            csv_url: format!("{}data/indicators.csv", site.config.base_url),
        })
    }

    /// The latest actual value of each region that reports one.
    fn bar_chart(
        &self,
        ctx: &Ctx<'_>,
        charts: &Charts,
        data: &IndicatorData,
        size: ChartSize,
    ) -> Option<ChartView> {
        let tree = &ctx.site.regions;
        let mut bars: Vec<(RegionId, Decimal)> = Vec::new();
        for (region, latest) in data.latest_own() {
            bars.push((*region, latest.as_ref()?.value(data.def.aggregate)));
        }
        if bars.is_empty() {
            return None;
        }
        let mut title = format!("{}: {}", data.def.label, ctx.labels.get("latest_by_region"));
        if bars.len() > MAX_BARS {
            // Hundreds of bars cannot be read: the highest, highest first.
            title = format!("{title} ({})", highest(ctx, MAX_BARS, bars.len()));
            bars.sort_by_key(|bar| std::cmp::Reverse(bar.1));
            bars.truncate(MAX_BARS);
        }
        let categories: Vec<String> = bars
            .iter()
            .map(|(r, _)| tree.region(*r).name.clone())
            .collect();
        let values: Vec<Option<Decimal>> = bars.iter().map(|(_, v)| Some(*v)).collect();
        let desc = describe(&categories, &values, &data.def.unit, ctx);
        Some(charts.chart(ChartInput {
            kind: ChartKind::Bar,
            size,
            title,
            desc,
            categories,
            series: vec![SeriesInput {
                name: ctx.labels.get("latest_value"),
                values,
                dashed: false,
            }],
            unit: data.def.unit.clone(),
            style: ctx.site.config.money_style,
            currency: ctx.site.config.currency.clone(),
        }))
    }

    /// Values over periods, a series per region, targets and baselines dashed; only
    /// where two or more periods exist.
    fn line_chart(
        &self,
        ctx: &Ctx<'_>,
        charts: &Charts,
        data: &IndicatorData,
    ) -> Option<ChartView> {
        let mut periods: Vec<Period> = data.points.iter().map(|p| p.period).collect();
        periods.sort();
        periods.dedup();
        if periods.len() < 2 {
            return None;
        }
        let mut series: BTreeMap<(RegionId, usize), SeriesInput> = BTreeMap::new();
        for p in &data.points {
            let kind_rank = match p.kind {
                ObservationKind::Actual => 0,
                ObservationKind::Target => 1,
                ObservationKind::Baseline => 2,
            };
            let entry = series.entry((p.region, kind_rank)).or_insert_with(|| {
                let name = ctx.site.regions.region(p.region).name.clone();
                SeriesInput {
                    name: match p.kind {
                        ObservationKind::Actual => name,
                        other => format!(
                            "{name} ({})",
                            ctx.labels.nested("observation_kinds", other.as_str())
                        ),
                    },
                    values: vec![None; periods.len()],
                    dashed: p.kind != ObservationKind::Actual,
                }
            });
            let i = periods.binary_search(&p.period).unwrap_or(0);
            entry.values[i] = Some(entry.values[i].unwrap_or_default() + p.value);
        }
        let mut title = format!("{}: {}", data.def.label, ctx.labels.get("over_time"));
        let regions: BTreeSet<RegionId> = series.keys().map(|(r, _)| *r).collect();
        if regions.len() > MAX_LINES {
            // A line per region stops being readable past a few: the regions whose
            // latest actual value is highest keep theirs.
            let latest = |r: RegionId| {
                series
                    .get(&(r, 0))
                    .and_then(|s| s.values.iter().rev().find_map(|v| *v))
            };
            let mut ranked: Vec<RegionId> = regions.iter().copied().collect();
            ranked.sort_by_key(|r| std::cmp::Reverse(latest(*r)));
            let kept: BTreeSet<RegionId> = ranked.into_iter().take(MAX_LINES).collect();
            series.retain(|(r, _), _| kept.contains(r));
            title = format!("{title} ({})", highest(ctx, MAX_LINES, regions.len()));
        }
        let series: Vec<SeriesInput> = series.into_values().collect();
        let categories: Vec<String> = periods
            .iter()
            .map(|p| p.display(ctx.site.config.language))
            .collect();
        let desc = format!(
            "{} {} – {}, {} {}.",
            ctx.labels.get("over_time"),
            categories.first().cloned().unwrap_or_default(),
            categories.last().cloned().unwrap_or_default(),
            series.len(),
            ctx.labels.get("series"),
        );
        Some(charts.chart(ChartInput {
            kind: ChartKind::Line,
            size: ChartSize::Full,
            title,
            desc,
            categories,
            series,
            unit: data.def.unit.clone(),
            style: ctx.site.config.money_style,
            currency: ctx.site.config.currency.clone(),
        }))
    }

    /// Small line charts for a record's indicators that have two or more periods.
    pub fn record_charts(
        &self,
        ctx: &Ctx<'_>,
        charts: &Charts,
        base: &RecordBase,
    ) -> Vec<ChartView> {
        let mut by_key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, o) in base.indicators.iter().enumerate() {
            by_key.entry(o.key.as_str()).or_default().push(i);
        }
        let mut out = Vec::new();
        for (key, indices) in by_key {
            let Some(data) = self.data.get(key) else {
                continue;
            };
            let mut periods: Vec<Period> =
                indices.iter().map(|i| base.indicators[*i].period).collect();
            periods.sort();
            periods.dedup();
            if periods.len() < 2 {
                continue;
            }
            let mut series: BTreeMap<u8, SeriesInput> = BTreeMap::new();
            for i in indices {
                let o = &base.indicators[i];
                let rank = match o.kind {
                    ObservationKind::Actual => 0,
                    ObservationKind::Target => 1,
                    ObservationKind::Baseline => 2,
                };
                let entry = series.entry(rank).or_insert_with(|| SeriesInput {
                    name: ctx.labels.nested("observation_kinds", o.kind.as_str()),
                    values: vec![None; periods.len()],
                    dashed: o.kind != ObservationKind::Actual,
                });
                let at = periods.binary_search(&o.period).unwrap_or(0);
                entry.values[at] = Some(entry.values[at].unwrap_or_default() + o.value);
            }
            let categories: Vec<String> = periods
                .iter()
                .map(|p| p.display(ctx.site.config.language))
                .collect();
            let series: Vec<SeriesInput> = series.into_values().collect();
            let desc = describe(&categories, &series[0].values, &data.def.unit, ctx);
            out.push(charts.single(ChartInput {
                kind: ChartKind::Line,
                size: ChartSize::Small,
                title: data.def.label.clone(),
                desc,
                categories,
                series,
                unit: data.def.unit.clone(),
                style: ctx.site.config.money_style,
                currency: ctx.site.config.currency.clone(),
            }));
        }
        out
    }

    /// A program's milestone amounts, cumulated, against its commitment.
    pub fn progress_chart(
        &self,
        ctx: &Ctx<'_>,
        charts: &Charts,
        program: &Program,
    ) -> Option<ChartView> {
        let commitment = program.commitment.as_ref()?;
        let money: Vec<_> = program
            .milestones
            .iter()
            .filter_map(|m| {
                m.amount
                    .as_ref()
                    .filter(|a| a.dimension == Dimension::Money)
                    .map(|a| (m, a.midpoint()))
            })
            .collect();
        if money.is_empty() {
            return None;
        }
        let mut categories = Vec::new();
        let mut cumulative = Vec::new();
        let mut running = Decimal::ZERO;
        for (milestone, amount) in &money {
            running += *amount;
            categories.push(milestone.date.display(ctx.site.config.language));
            cumulative.push(Some(running));
        }
        let committed = vec![Some(commitment.midpoint()); categories.len()];
        let unit = Unit::base(Dimension::Money);
        let desc = describe(&categories, &cumulative, &unit, ctx);
        Some(charts.single(ChartInput {
            kind: ChartKind::Bar,
            size: ChartSize::Full,
            title: format!("{}: {}", program.base.title, ctx.labels.get("progress")),
            desc,
            categories,
            series: vec![
                SeriesInput {
                    name: ctx.labels.get("cumulative"),
                    values: cumulative,
                    dashed: false,
                },
                SeriesInput {
                    name: ctx.labels.get("commitment"),
                    values: committed,
                    dashed: true,
                },
            ],
            unit,
            style: ctx.site.config.money_style,
            currency: ctx.site.config.currency.clone(),
        }))
    }

    /// A region's figure for every indicator reported in it or below, for the latest
    /// period that has one.
    pub fn region_figures(&self, ctx: &Ctx<'_>, region: RegionId) -> Vec<RegionFigure> {
        self.data
            .values()
            .filter_map(|data| {
                let (period, figure) = data.latest_rollup(region)?;
                Some(RegionFigure {
                    label: data.def.label.clone(),
                    url: urls::indicator(&data.def.key).url(&ctx.site.config.base_url),
                    current: self.current(ctx, data, &period, &figure),
                })
            })
            .collect()
    }
}

/// Records in each child region: the bar chart of a region page.
pub fn children_chart(ctx: &Ctx<'_>, charts: &Charts, region: RegionId) -> Option<ChartView> {
    let children = &ctx.site.regions.region(region).children;
    if children.is_empty() {
        return None;
    }
    let categories: Vec<String> = children
        .iter()
        .map(|c| ctx.site.regions.region(*c).name.clone())
        .collect();
    let values: Vec<Option<Decimal>> = children
        .iter()
        .map(|c| Some(Decimal::from(ctx.index.region_records[*c].len())))
        .collect();
    let unit = Unit::base(Dimension::Count(ctx.labels.get("records_unit")));
    let desc = describe(&categories, &values, &unit, ctx);
    Some(charts.chart(ChartInput {
        kind: ChartKind::HorizontalBar,
        size: ChartSize::Full,
        title: format!(
            "{}: {}",
            ctx.site.regions.region(region).name,
            ctx.labels.get("records_per_subregion")
        ),
        desc,
        categories,
        series: vec![SeriesInput {
            name: ctx.labels.get("records_unit"),
            values,
            dashed: false,
        }],
        unit,
        style: ctx.site.config.money_style,
        currency: ctx.site.config.currency.clone(),
    }))
}

/// Records by theme: the home page's headline chart.
pub fn themes_chart(ctx: &Ctx<'_>, charts: &Charts) -> Option<ChartView> {
    let themes: Vec<_> = ctx.site.themes.values().collect();
    if themes.is_empty() || ctx.site.cases.is_empty() && ctx.site.programs.is_empty() {
        return None;
    }
    let categories: Vec<String> = themes.iter().map(|t| t.label.clone()).collect();
    let count = |key: &str, program: bool| {
        ctx.index.theme_records.get(key).map_or(0, |r| {
            r.iter()
                .filter(|r| matches!(r, RecordRef::Program(_)) == program)
                .count()
        })
    };
    let cases: Vec<Option<Decimal>> = themes
        .iter()
        .map(|t| Some(Decimal::from(count(&t.key, false))))
        .collect();
    let programs: Vec<Option<Decimal>> = themes
        .iter()
        .map(|t| Some(Decimal::from(count(&t.key, true))))
        .collect();
    let unit = Unit::base(Dimension::Count(ctx.labels.get("records_unit")));
    let desc = describe(&categories, &cases, &unit, ctx);
    Some(charts.chart(ChartInput {
        kind: ChartKind::HorizontalBar,
        size: ChartSize::Full,
        title: ctx.labels.get("records_by_theme"),
        desc,
        categories,
        series: vec![
            SeriesInput {
                name: ctx.labels.get("cases"),
                values: cases,
                dashed: false,
            },
            SeriesInput {
                name: ctx.labels.get("programs"),
                values: programs,
                dashed: false,
            },
        ],
        unit,
        style: ctx.site.config.money_style,
        currency: ctx.site.config.currency.clone(),
    }))
}

/// A sentence that says what a chart shows, for screen readers: each category and
/// its value.
fn describe(
    categories: &[String],
    values: &[Option<Decimal>],
    unit: &Unit,
    ctx: &Ctx<'_>,
) -> String {
    let config = &ctx.site.config;
    categories
        .iter()
        .zip(values)
        .map(|(c, v)| match v {
            Some(v) => format!(
                "{c}: {}",
                format_in_unit(*v, unit, config.money_style, &config.currency)
            ),
            None => format!("{c}: –"),
        })
        .collect::<Vec<_>>()
        .join("; ")
}
