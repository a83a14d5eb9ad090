//! Charts as SVG, drawn at build time with charts-rs: no chart JavaScript.
//!
//! Values stay exact decimals until here; they are scaled to the display unit
//! (million / billion, or 万 / 亿 under the chinese money style) and only then turned
//! into the `f32` that charts-rs draws with. Every chart carries `role="img"`, a
//! `<title>` and a `<desc>`, and comes with a table of the exact values. Identical
//! charts are drawn once per build.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use charts_rs::{
    BarChart, Box as Margin, Color, HorizontalBarChart, LineChart, Series, svg_with_accessibility,
};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use crate::model::quantity::{Dimension, MoneyStyle, Unit, format_in_unit};

/// A CJK font, registered with charts-rs so that Chinese labels are measured with
/// real glyph widths (its built-in Roboto has none, and under-measures them by half).
/// WenQuanYi Micro Hei, Apache-2.0.
static CJK_FONT: &[u8] = include_bytes!("fonts/wqy-microhei.ttc");
const CJK_FAMILY: &str = "WenQuanYi Micro Hei";
/// Colours of the site's CSS (accent, teal, …), in series order.
const PALETTE: [&str; 6] = [
    "#0b5394", "#0d6b5e", "#c2410c", "#6b4fa3", "#94610a", "#2f7fbf",
];
const TEXT: &str = "#4f5b69";
const GRID: &str = "#d7dee7";
/// Labels longer than this (in columns: a CJK character counts two) get an ellipsis.
const MAX_LABEL_COLUMNS: usize = 24;

fn register_cjk_font() -> bool {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    *REGISTERED.get_or_init(|| charts_rs::add_fonts(&[CJK_FONT]).is_ok())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChartKind {
    /// Vertical bars: one per category.
    Bar,
    /// Horizontal bars: for long category names.
    HorizontalBar,
    /// Lines over periods.
    Line,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChartSize {
    Full,
    Small,
}

/// One series: its name, its exact values (in the chart's unit, `None` where
/// missing), and whether it is drawn dashed (targets and baselines).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SeriesInput {
    pub name: String,
    pub values: Vec<Option<Decimal>>,
    pub dashed: bool,
}

/// What a chart shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChartInput {
    pub kind: ChartKind,
    pub size: ChartSize,
    pub title: String,
    pub desc: String,
    pub categories: Vec<String>,
    pub series: Vec<SeriesInput>,
    pub unit: Unit,
    pub style: MoneyStyle,
    pub currency: String,
}

/// A chart for a template: the SVG (print it with `| safe`) and its data table.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    pub svg: Arc<str>,
    pub title: String,
    pub desc: String,
    /// The axis unit, as shown ("million yuan", "万元").
    pub unit: String,
    pub table: TableView,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Draws charts: those that several pages show (a region's, an indicator's), each
/// distinct one once.
#[derive(Default)]
pub struct Charts {
    drawn: Mutex<HashMap<ChartInput, Arc<str>>>,
    /// How many charts of a single page were drawn (see [`Charts::single`]).
    singles: AtomicUsize,
}

impl Charts {
    /// A chart that several pages may show: drawn the first time, then kept.
    pub fn chart(&self, input: ChartInput) -> ChartView {
        let scale = Scale::for_values(&input);
        let cached = self.drawn.lock().ok().and_then(|m| m.get(&input).cloned());
        let svg = match cached {
            Some(svg) => svg,
            None => {
                let svg: Arc<str> = Arc::from(draw(&input, &scale));
                if let Ok(mut map) = self.drawn.lock() {
                    map.insert(input.clone(), svg.clone());
                }
                svg
            }
        };
        view(input, scale, svg)
    }

    /// A chart of one record's own figures, which only its page shows: drawn and not
    /// kept, so that memory does not grow with the number of records.
    pub fn single(&self, input: ChartInput) -> ChartView {
        let scale = Scale::for_values(&input);
        let svg = Arc::from(draw(&input, &scale));
        self.singles.fetch_add(1, Ordering::Relaxed);
        view(input, scale, svg)
    }

    /// How many charts were drawn.
    pub fn count(&self) -> usize {
        self.drawn.lock().map(|m| m.len()).unwrap_or(0) + self.singles.load(Ordering::Relaxed)
    }
}

fn view(input: ChartInput, scale: Scale, svg: Arc<str>) -> ChartView {
    let table = table(&input);
    ChartView {
        svg,
        title: input.title,
        desc: input.desc,
        unit: scale.label,
        table,
    }
}

/// The display unit of a chart's axis: values are divided by `divisor`.
struct Scale {
    divisor: Decimal,
    label: String,
}

impl Scale {
    fn for_values(input: &ChartInput) -> Scale {
        let max = input
            .series
            .iter()
            .flat_map(|s| s.values.iter().flatten())
            .map(|v| v.abs())
            .max()
            .unwrap_or_default();
        let unit_word = match &input.unit.dimension {
            Dimension::Money if input.currency == "CNY" => match input.style {
                MoneyStyle::Western => "yuan".to_string(),
                MoneyStyle::Chinese => "元".to_string(),
            },
            Dimension::Money => input.currency.clone(),
            _ => input.unit.name.clone(),
        };
        // Money is in yuan; other units as the indicator states them.
        let max_base = if input.unit.dimension == Dimension::Money {
            max * input.unit.factor
        } else {
            max
        };
        // (from which value, divide by, the word): thousands only from 10,000 up, so
        // that small counts keep their own numbers.
        let steps: &[(i64, i64, &str)] = match input.style {
            MoneyStyle::Western => &[
                (1_000_000_000, 1_000_000_000, "billion "),
                (1_000_000, 1_000_000, "million "),
                (10_000, 1_000, "thousand "),
            ],
            MoneyStyle::Chinese => &[(100_000_000, 100_000_000, "亿"), (10_000, 10_000, "万")],
        };
        for (from, step, word) in steps {
            let step = Decimal::from(*step);
            if max_base >= Decimal::from(*from) {
                let divisor = if input.unit.dimension == Dimension::Money {
                    step / input.unit.factor
                } else {
                    step
                };
                return Scale {
                    divisor,
                    label: format!("{word}{unit_word}"),
                };
            }
        }
        Scale {
            divisor: Decimal::ONE,
            label: unit_word,
        }
    }

    fn apply(&self, value: Decimal) -> f32 {
        (value / self.divisor).round_dp(6).to_f32().unwrap_or(0.0)
    }
}

fn table(input: &ChartInput) -> TableView {
    let mut head = vec![String::new()];
    head.extend(input.series.iter().map(|s| s.name.clone()));
    let rows = input
        .categories
        .iter()
        .enumerate()
        .map(|(i, category)| {
            let mut row = vec![category.clone()];
            row.extend(input.series.iter().map(|s| {
                s.values.get(i).copied().flatten().map_or_else(
                    || "–".to_string(),
                    |v| format_in_unit(v, &input.unit, input.style, &input.currency),
                )
            }));
            row
        })
        .collect();
    TableView { head, rows }
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(is_wide)
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// Shortens a label to the columns it may take, with an ellipsis.
fn shorten(label: &str) -> Option<String> {
    let mut columns = 0;
    let mut out = String::new();
    for c in label.chars() {
        columns += if is_wide(c) { 2 } else { 1 };
        if columns > MAX_LABEL_COLUMNS - 1 {
            out.push('…');
            return Some(out);
        }
        out.push(c);
    }
    None
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn draw(input: &ChartInput, scale: &Scale) -> String {
    let all_text = input
        .categories
        .iter()
        .chain(input.series.iter().map(|s| &s.name));
    let cjk = all_text.clone().any(|t| has_cjk(t)) || has_cjk(&scale.label);
    let font_family = if cjk && register_cjk_font() {
        CJK_FAMILY
    } else {
        "Roboto"
    };

    let mut shortened = Vec::new();
    let categories: Vec<String> = input
        .categories
        .iter()
        .map(|c| match shorten(c) {
            Some(short) => {
                shortened.push((short.clone(), c.clone()));
                short
            }
            None => c.clone(),
        })
        .collect();
    let series: Vec<Series> = input
        .series
        .iter()
        .map(|s| {
            let values = s.values.iter().map(|v| v.map(|v| scale.apply(v))).collect();
            let mut series = Series::new_nullable(s.name.clone(), values);
            if s.dashed {
                series.stroke_dash_array = Some("5,4".to_string());
            }
            series
        })
        .collect();
    let (width, height) = match (input.size, input.kind) {
        // Horizontal bars grow with their categories instead of stretching.
        (ChartSize::Full, ChartKind::HorizontalBar) => {
            let bars = input.categories.len() * input.series.len().max(1);
            (
                720.0,
                (60.0 + 26.0 * bars as f32 + if input.series.len() > 1 { 30.0 } else { 0.0 })
                    .clamp(140.0, 720.0),
            )
        }
        (ChartSize::Full, _) => (720.0, 360.0),
        (ChartSize::Small, _) => (360.0, 180.0),
    };
    let whole_ticks = small_whole_numbers(input);
    let show_legend = input.series.len() > 1 && input.size == ChartSize::Full;

    macro_rules! style {
        ($chart:expr) => {{
            let c = &mut $chart;
            c.width = width;
            c.height = height;
            c.font_family = font_family.to_string();
            c.background_color = Color::transparent();
            c.margin = Margin {
                left: 8.0,
                top: 12.0,
                right: 16.0,
                bottom: 8.0,
            };
            c.series.colors = PALETTE.iter().map(|p| Color::from(*p)).collect();
            c.x_axis.font.color = TEXT.into();
            c.x_axis.stroke_color = GRID.into();
            c.grid.stroke_color = GRID.into();
            c.legend.show = Some(show_legend);
            c.legend.font.color = TEXT.into();
            c.title.text = String::new();
            if input.size == ChartSize::Small {
                c.x_axis.font.size = 10.0;
            }
        }};
    }

    let svg = match input.kind {
        ChartKind::Bar => {
            let mut chart = BarChart::new(series, categories);
            style!(chart);
            for axis in chart.y_axis_configs.iter_mut() {
                axis.formatter = Some("{t}".into());
                axis.font.color = TEXT.into();
                axis.min = Some(0.0);
                set_whole_ticks(axis, whole_ticks);
            }
            chart.radius = Some(2.0);
            chart.svg()
        }
        ChartKind::HorizontalBar => {
            let series = series
                .into_iter()
                .map(|mut s| {
                    s.label_show = true;
                    s
                })
                .collect();
            let mut chart = HorizontalBarChart::new(series, categories);
            style!(chart);
            for axis in chart.y_axis_configs.iter_mut() {
                // Thousands separators ("3,000"), never charts-rs's "3k".
                axis.formatter = Some("{t}".into());
                axis.font.color = TEXT.into();
                set_whole_ticks(axis, whole_ticks);
            }
            chart.svg()
        }
        ChartKind::Line => {
            let mut chart = LineChart::new(series, categories);
            style!(chart);
            for axis in chart.y_axis_configs.iter_mut() {
                axis.formatter = Some("{t}".into());
                axis.font.color = TEXT.into();
            }
            chart.svg()
        }
    };
    let svg = svg.unwrap_or_else(|e| {
        format!(r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"><text x="8" y="20">{}</text></svg>"#, escape(&e.to_string()))
    });
    let svg = add_full_labels(svg, &shortened);
    svg_with_accessibility(&svg, &input.title, &input.desc)
}

/// For small whole counts (1 to 10), the largest: the axis then ticks at whole
/// numbers instead of 0.5, 1.5 ….
fn small_whole_numbers(input: &ChartInput) -> Option<usize> {
    let values: Vec<Decimal> = input
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten().copied())
        .collect();
    let max = values.iter().max()?;
    let whole = values
        .iter()
        .all(|v| v.fract().is_zero() && !v.is_sign_negative());
    (whole && *max >= Decimal::ONE && *max <= Decimal::TEN).then(|| max.to_usize().unwrap_or(1))
}

fn set_whole_ticks(axis: &mut charts_rs::YAxisConfig, max: Option<usize>) {
    if let Some(max) = max {
        axis.min = Some(0.0);
        axis.max = Some(max as f32);
        axis.split_number = max;
    }
}

/// Puts the full text of a shortened label in a `<title>`, shown on hover.
fn add_full_labels(mut svg: String, shortened: &[(String, String)]) -> String {
    for (short, full) in shortened {
        let (short, full) = (escape(short), escape(full));
        // charts-rs writes text on its own line, or inline in compact output.
        for (open, close) in [(">\n", "\n</text>"), (">", "</text>")] {
            let needle = format!("{open}{short}{close}");
            svg = svg.replace(
                &needle,
                &format!("{open}<title>{full}</title>{short}{close}"),
            );
        }
    }
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(kind: ChartKind, categories: &[&str], values: &[&str]) -> ChartInput {
        ChartInput {
            kind,
            size: ChartSize::Full,
            title: "Money by region".into(),
            desc: "Bars of money committed by region".into(),
            categories: categories.iter().map(|s| s.to_string()).collect(),
            series: vec![SeriesInput {
                name: "2023".into(),
                values: values.iter().map(|v| Some(v.parse().unwrap())).collect(),
                dashed: false,
            }],
            unit: Unit::base(Dimension::Money),
            style: MoneyStyle::Western,
            currency: "CNY".into(),
        }
    }

    #[test]
    fn a_chart_is_accessible_and_has_its_exact_table() {
        let charts = Charts::default();
        let view = charts.chart(input(
            ChartKind::Bar,
            &["Wuxing", "Fuzhou"],
            &["1371000", "300000000000"],
        ));
        assert!(view.svg.contains(r#"role="img""#));
        assert!(view.svg.contains("<title>Money by region</title>"));
        assert!(
            view.svg
                .contains("<desc>Bars of money committed by region</desc>")
        );
        assert_eq!(view.unit, "billion yuan");
        assert_eq!(
            view.table.rows[0],
            vec!["Wuxing".to_string(), "1.371 million yuan".to_string()]
        );
        assert_eq!(view.table.rows[1][1], "300 billion yuan");
    }

    #[test]
    fn identical_charts_are_drawn_once() {
        let charts = Charts::default();
        let a = charts.chart(input(ChartKind::Line, &["2022", "2023"], &["1", "2"]));
        let b = charts.chart(input(ChartKind::Line, &["2022", "2023"], &["1", "2"]));
        assert!(Arc::ptr_eq(&a.svg, &b.svg));
        charts.chart(input(ChartKind::Line, &["2022", "2023"], &["1", "3"]));
        assert_eq!(charts.count(), 2);
    }

    #[test]
    fn a_single_page_chart_is_drawn_the_same_and_not_kept() {
        let charts = Charts::default();
        let kept = charts.chart(input(ChartKind::Line, &["2022", "2023"], &["1", "2"]));
        let single = charts.single(input(ChartKind::Line, &["2022", "2023"], &["1", "2"]));
        assert_eq!(kept.svg, single.svg);
        assert!(!Arc::ptr_eq(&kept.svg, &single.svg));
        assert_eq!(charts.drawn.lock().unwrap().len(), 1);
        assert_eq!(charts.count(), 2);
    }

    #[test]
    fn chinese_style_scales_to_wan_and_yi() {
        let mut i = input(ChartKind::Bar, &["吴兴区"], &["1371000"]);
        i.style = MoneyStyle::Chinese;
        let view = Charts::default().chart(i);
        assert_eq!(view.unit, "万元");
        assert!(
            view.svg.contains(CJK_FAMILY),
            "CJK labels are measured with the CJK font"
        );
    }

    #[test]
    fn axis_labels_use_separators_not_k_abbreviations() {
        let mut i = input(ChartKind::Bar, &["福州市"], &["300000000000"]);
        i.style = MoneyStyle::Chinese;
        let view = Charts::default().chart(i);
        assert_eq!(view.unit, "亿元");
        // Ticks of 520亿 up to 3,120亿: separators, and no label shortened to "…k".
        assert!(view.svg.contains("2,600"), "{}", view.svg);
        assert!(!view.svg.contains("k\n</text>"), "{}", view.svg);
    }

    #[test]
    fn long_labels_get_an_ellipsis_and_keep_the_full_text() {
        let long = "Underdeveloped villages support fund of Wuxing District";
        let view = Charts::default().chart(input(ChartKind::Bar, &[long, "B"], &["1", "2"]));
        assert!(view.svg.contains('…'), "{}", view.svg);
        assert!(
            view.svg.contains(&format!("<title>{long}</title>")),
            "{}",
            view.svg
        );
        assert_eq!(shorten("短"), None);
        // 24 columns: eleven wide characters and the ellipsis.
        assert_eq!(
            shorten("一二三四五六七八九十一二三四五")
                .unwrap()
                .chars()
                .count(),
            12
        );
    }

    #[test]
    fn labels_are_escaped_in_the_svg() {
        let view = Charts::default().chart(input(ChartKind::Bar, &["<script>x</script>"], &["1"]));
        assert!(!view.svg.contains("<script>"));
    }

    /// The vendored charts-rs writes numbers with a fast path of its own
    /// (vendor/charts-rs/PATCHES.md); they must stay exactly what `{:.1}` writes.
    #[test]
    fn chart_numbers_are_written_as_one_decimal_formatting_writes_them() {
        let expected = |v: f32| {
            let text = format!("{v:.1}");
            text.strip_suffix(".0").map(str::to_string).unwrap_or(text)
        };
        let mut values = vec![
            0.0,
            -0.0,
            0.04,
            -0.04,
            0.05,
            0.25,
            -0.25,
            0.35,
            0.75,
            1.25,
            2.5,
            9.95,
            99.95,
            359.75,
            1e14,
            9.999e14,
            1e15,
            3e20,
            f32::MAX,
            f32::MIN_POSITIVE,
            // The largest values of the fast path, just under 10^14.
            9.99e13,
            -9.99e13,
            99999990000000.0,
        ];
        // Whole numbers, ties (multiples of 1/4) and tenths across the drawing range.
        values.extend((-4000..4000).map(|k| k as f32 / 4.0));
        values.extend((0..3000).map(|k| k as f32 * 0.1 + 0.01));
        values.extend((0..2000).map(|k| (k as f32).powf(2.7) / 7.0));
        for v in values {
            let mut canvas = charts_rs::Canvas::new(10.0, 10.0);
            canvas.rect(charts_rs::Rect {
                rx: Some(v),
                ..Default::default()
            });
            let svg = canvas.svg().unwrap();
            let want = format!(r#"rx="{}""#, expected(v));
            assert!(svg.contains(&want), "{v:e}: wanted {want} in {svg}");
        }
    }

    /// The vendored charts-rs writes colours without `Color::hex` (PATCHES.md); the
    /// bytes must stay what `hex` gives, with an opacity only for a see-through colour.
    #[test]
    fn chart_colours_are_written_as_color_hex_writes_them() {
        for channel in 0..=255_u8 {
            for (r, g, b, a) in [
                (channel, 0, 0, 255),
                (0, channel, 0, 255),
                (0, 0, channel, 255),
                (channel, channel.wrapping_mul(7), 255 - channel, channel),
            ] {
                let color = charts_rs::Color { r, g, b, a };
                let mut canvas = charts_rs::Canvas::new(10.0, 10.0);
                canvas.rect(charts_rs::Rect {
                    color: Some(color),
                    ..Default::default()
                });
                let svg = canvas.svg().unwrap();
                let want = format!(r#" stroke="{}""#, color.hex());
                assert!(svg.contains(&want), "{color:?}: wanted {want} in {svg}");
                assert_eq!(svg.contains("stroke-opacity="), a != 255, "{svg}");
            }
        }
    }
}
