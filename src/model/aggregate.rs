//! Figures across records: how the values of one indicator combine by region and
//! period, exactly.
//!
//! The rules (the contract's, made precise):
//! - Only `actual` figures are combined; targets and baselines are shown apart.
//! - A region's figure for a period is its **own** when any record gives one for that
//!   region (the figure's `region`, else the record's); several own figures combine
//!   by the indicator's rule.
//! - Otherwise it is the combination of its children's figures, so a province's total
//!   never counts a district's figure twice: where the province has its own figure,
//!   the districts' are not added to it.
//! - `sum` adds, `mean` averages over the records that enter, `none` never combines:
//!   a region gets a figure only from exactly one own value.
//! - A range enters as its midpoint; approximate values (about, nearly, over …) and
//!   ranges make the combination approximate.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use rust_decimal::Decimal;

use super::period::Period;
use super::{Aggregate, IndicatorDef, ObservationKind, RecordRef, RegionId, RegionTree, Site};

/// One reported value of an indicator.
#[derive(Debug, Clone)]
pub struct Point {
    pub record: RecordRef,
    /// The observation's index in its record's `indicators`.
    pub observation: usize,
    pub region: RegionId,
    pub period: Period,
    pub kind: ObservationKind,
    /// Exact, in the indicator's unit (a range's midpoint).
    pub value: Decimal,
    pub approximate: bool,
}

/// A combination of values: their exact total and how many records entered it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    pub total: Decimal,
    pub count: u32,
    pub approximate: bool,
}

impl Figure {
    fn of(point: &Point) -> Figure {
        Figure {
            total: point.value,
            count: 1,
            approximate: point.approximate,
        }
    }

    /// The two combined; `None` when the total does not fit in a decimal.
    fn add(self, other: Figure) -> Option<Figure> {
        Some(Figure {
            total: self.total.checked_add(other.total)?,
            count: self.count.checked_add(other.count)?,
            approximate: self.approximate || other.approximate,
        })
    }

    /// The figure's value under the rule: the total, or the mean of the records.
    pub fn value(&self, rule: Aggregate) -> Decimal {
        match rule {
            Aggregate::Mean if self.count > 0 => (self.total / Decimal::from(self.count))
                .round_dp(10)
                .normalize(),
            _ => self.total,
        }
    }
}

/// Every value of one indicator, and the roll-ups over the region tree.
#[derive(Debug, Clone)]
pub struct IndicatorData {
    pub def: IndicatorDef,
    /// Sorted by period, then region, then record, then observation.
    pub points: Vec<Point>,
    /// Each region's own actual figure by period (`None` where `none` forbids
    /// combining its several values, or where their total does not fit in a decimal),
    /// computed once from `points`.
    own: BTreeMap<(Period, RegionId), Option<Figure>>,
    /// The distinct periods of `own`, oldest first: every region page asks for them.
    actual_periods: Vec<Period>,
    /// For each of `actual_periods`, the regions that have a roll-up, sorted by id.
    /// Computed once: region pages, the dashboard and the charts ask for the same
    /// roll-ups many times, and each used to walk the tree below its region.
    rolled: Vec<Vec<(RegionId, Rolled)>>,
    /// For each of `actual_periods`, the whole site's figure.
    totals: Vec<Option<Figure>>,
    /// Each region's latest roll-up and its period, by region: what a region page shows.
    latest: Vec<(RegionId, Period, Figure)>,
    /// Each reporting region's latest own figure, by region; `None` where all its own
    /// values are several under `none`. What the bar chart of an indicator shows.
    latest_own: Vec<(RegionId, Option<Figure>)>,
}

/// A region's roll-up for one period, where there is something to roll up.
#[derive(Debug, Clone, Copy)]
enum Rolled {
    Figure(Figure),
    /// Several values where `none` allows one, or a total too large for a decimal
    /// (values that each fit can overflow together): no figure, and none above it.
    Several,
}

impl IndicatorData {
    /// Sorts the points and computes the regions' own figures and roll-ups in `tree`.
    pub fn new(def: &IndicatorDef, mut points: Vec<Point>, tree: &RegionTree) -> Self {
        // Record and observation make the key unique: the order is the same
        // whatever order the points came in.
        points.sort_unstable_by(|a, b| {
            a.period
                .cmp(&b.period)
                .then(a.region.cmp(&b.region))
                .then(a.record.cmp(&b.record))
                .then(a.observation.cmp(&b.observation))
        });
        let mut own: BTreeMap<(Period, RegionId), Option<Figure>> = BTreeMap::new();
        for p in points.iter().filter(|p| p.kind == ObservationKind::Actual) {
            own.entry((p.period, p.region))
                .and_modify(|f| {
                    *f = match def.aggregate {
                        Aggregate::None => None,
                        _ => f.and_then(|f| f.add(Figure::of(p))),
                    }
                })
                .or_insert(Some(Figure::of(p)));
        }
        let mut actual_periods: Vec<Period> = own.keys().map(|(p, _)| *p).collect();
        actual_periods.dedup();
        let mut rolled = Vec::with_capacity(actual_periods.len());
        let mut totals = Vec::with_capacity(actual_periods.len());
        for period in &actual_periods {
            // The regions' own figures for this period, by region.
            let own_here: Vec<(RegionId, Option<Figure>)> = own
                .range((*period, 0)..=(*period, RegionId::MAX))
                .map(|((_, region), figure)| (*region, *figure))
                .collect();
            let mut cells = Vec::new();
            let total = tree.roots.iter().fold(None, |acc, root| {
                let cell = roll(def.aggregate, &own_here, tree, *root, &mut cells);
                merge(def.aggregate, acc, cell)
            });
            cells.sort_unstable_by_key(|(region, _)| *region);
            rolled.push(cells);
            totals.push(match total {
                Some(Rolled::Figure(f)) => Some(f),
                _ => None,
            });
        }
        // Later periods come last, so the last figure kept for a region is its latest.
        let mut latest = BTreeMap::new();
        for (period, cells) in actual_periods.iter().zip(&rolled) {
            for (region, cell) in cells {
                if let Rolled::Figure(f) = cell {
                    latest.insert(*region, (*period, *f));
                }
            }
        }
        let mut latest_own: BTreeMap<RegionId, Option<Figure>> = BTreeMap::new();
        for ((_, region), figure) in &own {
            let kept = latest_own.entry(*region).or_insert(None);
            if figure.is_some() {
                *kept = *figure;
            }
        }
        IndicatorData {
            def: def.clone(),
            points,
            own,
            actual_periods,
            rolled,
            totals,
            latest: latest.into_iter().map(|(r, (p, f))| (r, p, f)).collect(),
            latest_own: latest_own.into_iter().collect(),
        }
    }

    /// The distinct periods with actual values, oldest first.
    pub fn actual_periods(&self) -> &[Period] {
        &self.actual_periods
    }

    /// The region's own figure: the actual values given for exactly that region.
    pub fn own(&self, region: RegionId, period: &Period) -> Option<Figure> {
        self.own.get(&(*period, region)).copied().flatten()
    }

    /// The region's figure: its own, else its children's combined (under `none`: the
    /// one value below it, if there is exactly one).
    pub fn rollup(&self, region: RegionId, period: &Period) -> Option<Figure> {
        let at = self.actual_periods.binary_search(period).ok()?;
        let cells = &self.rolled[at];
        let cell = cells.binary_search_by_key(&region, |(r, _)| *r).ok()?;
        match cells[cell].1 {
            Rolled::Figure(f) => Some(f),
            Rolled::Several => None,
        }
    }

    /// The figure for the whole site: the root regions combined.
    pub fn total(&self, period: &Period) -> Option<Figure> {
        let at = self.actual_periods.binary_search(period).ok()?;
        self.totals[at]
    }

    /// The latest period with actual values and the site's figure for it.
    pub fn current(&self) -> Option<(Period, Figure)> {
        let period = *self.actual_periods.last()?;
        self.total(&period).map(|f| (period, f))
    }

    /// The region's latest period with a figure, and that figure.
    pub fn latest_rollup(&self, region: RegionId) -> Option<(Period, Figure)> {
        let at = self
            .latest
            .binary_search_by_key(&region, |(r, _, _)| *r)
            .ok()?;
        let (_, period, figure) = self.latest[at];
        Some((period, figure))
    }

    /// Each region that gives its own actual values, in the tree's order, with its
    /// latest own figure (`None` where each period has several under `none`).
    pub fn latest_own(&self) -> &[(RegionId, Option<Figure>)] {
        &self.latest_own
    }

    /// How many records report this indicator.
    pub fn record_count(&self) -> usize {
        let mut records: Vec<RecordRef> = self.points.iter().map(|p| p.record).collect();
        records.sort();
        records.dedup();
        records.len()
    }
}

/// The roll-up of `region` in one period, after those of every region below it,
/// which are all added to `cells` (a region with nothing to roll up is left out).
/// `own` holds the regions' own figures of that period, sorted by region.
fn roll(
    rule: Aggregate,
    own: &[(RegionId, Option<Figure>)],
    tree: &RegionTree,
    region: RegionId,
    cells: &mut Vec<(RegionId, Rolled)>,
) -> Option<Rolled> {
    let below = tree
        .region(region)
        .children
        .iter()
        .fold(None, |acc, child| {
            let cell = roll(rule, own, tree, *child, cells);
            merge(rule, acc, cell)
        });
    // A region's own figure hides those below it.
    let cell = match own.binary_search_by_key(&region, |(r, _)| *r) {
        Ok(at) => match own[at].1 {
            Some(f) => Some(Rolled::Figure(f)),
            None => Some(Rolled::Several),
        },
        Err(_) => below,
    };
    if let Some(cell) = cell {
        cells.push((region, cell));
    }
    cell
}

/// Two sibling roll-ups combined by the indicator's rule: `none` never combines.
fn merge(rule: Aggregate, a: Option<Rolled>, b: Option<Rolled>) -> Option<Rolled> {
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(Rolled::Several), _) | (_, Some(Rolled::Several)) => Some(Rolled::Several),
        (Some(Rolled::Figure(x)), Some(Rolled::Figure(y))) => match rule {
            Aggregate::None => Some(Rolled::Several),
            _ => Some(x.add(y).map_or(Rolled::Several, Rolled::Figure)),
        },
    }
}

/// Collects every value of every indicator, by indicator key.
pub fn collect(site: &Site) -> BTreeMap<String, IndicatorData> {
    collect_some(site, site.indicators.keys().map(String::as_str))
}

/// Collects every value of the indicators `keys` only (of the catalog), by key.
pub fn collect_some<'k>(
    site: &Site,
    keys: impl IntoIterator<Item = &'k str>,
) -> BTreeMap<String, IndicatorData> {
    let keys: Vec<&str> = keys
        .into_iter()
        .filter_map(|k| site.indicators.get_key_value(k))
        .map(|(k, _)| k.as_str())
        .collect::<BTreeSet<&str>>()
        .into_iter()
        .collect();
    let slot = |key: &str| keys.binary_search(&key).ok();
    // Gathered in parallel: a point's place in its list does not matter, as the
    // list is then sorted by a key that no two points share.
    let empty = || vec![Vec::new(); keys.len()];
    let records: Vec<RecordRef> = site.all_records().collect();
    let lists: Vec<Vec<Point>> = records
        .par_iter()
        .fold(empty, |mut lists, &record| {
            let base = site.record(record);
            for (i, o) in base.indicators.iter().enumerate() {
                if let Some(at) = slot(&o.key) {
                    lists[at].push(Point {
                        record,
                        observation: i,
                        region: o.region.unwrap_or(base.region),
                        period: o.period,
                        kind: o.kind,
                        value: o.value,
                        approximate: o.quantity.is_approximate(),
                    });
                }
            }
            lists
        })
        .reduce(empty, |mut lists, more| {
            for (list, more) in lists.iter_mut().zip(more) {
                list.extend(more);
            }
            lists
        });
    keys.par_iter()
        .zip(lists)
        .map(|(key, list)| {
            (
                key.to_string(),
                IndicatorData::new(&site.indicators[*key], list, &site.regions),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::quantity::{Dimension, Unit};
    use crate::model::{Region, RegionTree};

    /// zhejiang (0) → huzhou (1) → wuxing (2), anji (3); fujian (4).
    fn tree() -> RegionTree {
        let mut tree = RegionTree::default();
        let regions = [
            ("zhejiang", None),
            ("zhejiang/huzhou", Some(0)),
            ("zhejiang/huzhou/wuxing", Some(1)),
            ("zhejiang/huzhou/anji", Some(1)),
            ("fujian", None),
        ];
        for (i, (id, parent)) in regions.iter().enumerate() {
            tree.by_id.insert(id.to_string(), i);
            tree.regions.push(Region {
                id: id.to_string(),
                name: id.to_string(),
                level: None,
                alt_names: Vec::new(),
                parent: *parent,
                children: Vec::new(),
                extra: serde_json::Value::Null,
            });
            match parent {
                Some(p) => tree.regions[*p].children.push(i),
                None => tree.roots.push(i),
            }
        }
        tree
    }

    fn def(rule: Aggregate) -> IndicatorDef {
        IndicatorDef {
            key: "k".into(),
            label: "K".into(),
            unit_name: "yuan".into(),
            unit: Unit::base(Dimension::Money),
            aggregate: rule,
            description: None,
            extra: serde_json::Value::Null,
        }
    }

    fn point(record: usize, region: RegionId, year: i32, value: &str, approximate: bool) -> Point {
        Point {
            record: RecordRef::Case(record),
            observation: 0,
            region,
            period: Period::Year(year),
            kind: ObservationKind::Actual,
            value: value.parse().unwrap(),
            approximate,
        }
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn d_figure(s: &str) -> Figure {
        Figure {
            total: d(s),
            count: 1,
            approximate: false,
        }
    }

    #[test]
    fn a_province_with_its_own_figure_does_not_add_its_districts() {
        let tree = tree();
        let def = def(Aggregate::Sum);
        let data = IndicatorData::new(
            &def,
            vec![
                point(0, 0, 2023, "10000000", false), // Zhejiang's own: 10 million
                point(1, 2, 2023, "22000000", false), // Wuxing: 22 million
                point(2, 3, 2023, "22850000", false), // Anji: 22.85 million
            ],
            &tree,
        );
        let y = Period::Year(2023);
        // Huzhou has no own figure: its districts add up exactly.
        assert_eq!(data.rollup(1, &y).unwrap().total, d("44850000"));
        // Zhejiang has its own: the districts are not counted again.
        assert_eq!(data.rollup(0, &y).unwrap().total, d("10000000"));
        assert_eq!(data.total(&y).unwrap().total, d("10000000"));
    }

    #[test]
    fn mean_averages_over_the_records_and_sum_adds() {
        let tree = tree();
        let y = Period::Year(2023);
        let points = vec![
            point(0, 2, 2023, "1371000", false),
            point(1, 3, 2023, "500000", false),
        ];
        let mean = def(Aggregate::Mean);
        let data = IndicatorData::new(&mean, points.clone(), &tree);
        let huzhou = data.rollup(1, &y).unwrap();
        assert_eq!(huzhou.value(Aggregate::Mean), d("935500"));
        let sum = def(Aggregate::Sum);
        let data = IndicatorData::new(&sum, points, &tree);
        assert_eq!(
            data.rollup(1, &y).unwrap().value(Aggregate::Sum),
            d("1871000")
        );
    }

    #[test]
    fn none_never_combines() {
        let tree = tree();
        let y = Period::Year(2023);
        let none = def(Aggregate::None);
        let data = IndicatorData::new(
            &none,
            vec![point(0, 2, 2023, "1", false), point(1, 3, 2023, "2", false)],
            &tree,
        );
        assert_eq!(data.own(2, &y).unwrap().total, d("1"));
        assert!(data.rollup(1, &y).is_none());
        assert!(data.total(&y).is_none());
        // One value alone passes up to the province unchanged.
        let single = IndicatorData::new(&none, vec![point(0, 2, 2023, "7", false)], &tree);
        assert_eq!(single.total(&y).unwrap().total, d("7"));
    }

    #[test]
    fn none_never_passes_one_value_off_as_the_figure_of_several() {
        let tree = tree();
        let y = Period::Year(2023);
        let none = def(Aggregate::None);
        // Huzhou's two own values hide Wuxing's below them: Huzhou has no figure.
        let data = IndicatorData::new(
            &none,
            vec![
                point(0, 1, 2023, "1", false),
                point(1, 1, 2023, "2", false),
                point(2, 2, 2023, "3", false),
            ],
            &tree,
        );
        assert!(data.rollup(1, &y).is_none());
        assert!(data.rollup(0, &y).is_none());
        // Wuxing and Anji disagree; Fujian's lone value is not the figure of the site.
        let data = IndicatorData::new(
            &none,
            vec![
                point(0, 2, 2023, "1", false),
                point(1, 3, 2023, "2", false),
                point(2, 4, 2023, "3", false),
            ],
            &tree,
        );
        assert_eq!(data.rollup(4, &y).unwrap().total, d("3"));
        assert!(data.total(&y).is_none());
    }

    #[test]
    fn approximate_values_make_the_combination_approximate() {
        let tree = tree();
        let y = Period::Year(2023);
        let sum = def(Aggregate::Sum);
        let data = IndicatorData::new(
            &sum,
            vec![
                point(0, 2, 2023, "100000000", true),
                point(1, 3, 2023, "5", false),
            ],
            &tree,
        );
        let f = data.rollup(1, &y).unwrap();
        assert!(f.approximate);
        assert_eq!(f.total, d("100000005"));
        assert!(!data.rollup(3, &y).unwrap().approximate);
    }

    #[test]
    fn the_current_figure_is_for_the_latest_period() {
        let tree = tree();
        let sum = def(Aggregate::Sum);
        let data = IndicatorData::new(
            &sum,
            vec![
                point(0, 2, 2022, "1", false),
                point(0, 2, 2023, "2", false),
                point(1, 4, 2023, "3", false),
            ],
            &tree,
        );
        let (period, figure) = data.current().unwrap();
        assert_eq!(period, Period::Year(2023));
        assert_eq!(figure.total, d("5"));
        assert_eq!(data.actual_periods().len(), 2);
        assert_eq!(data.record_count(), 2);
        let latest: Vec<(RegionId, Option<Decimal>)> = data
            .latest_own()
            .iter()
            .map(|(r, f)| (*r, f.map(|f| f.total)))
            .collect();
        assert_eq!(latest, vec![(2, Some(d("2"))), (4, Some(d("3")))]);
        assert_eq!(
            data.latest_rollup(1),
            Some((Period::Year(2023), d_figure("2")))
        );
        assert_eq!(data.latest_rollup(3), None);
    }

    /// Every value fits in a decimal, but not every sum: such a sum is no figure, and
    /// never a panic, even where a region's own figure hides it.
    #[test]
    fn a_total_too_large_for_a_decimal_is_no_figure() {
        let tree = tree();
        let y = Period::Year(2023);
        let huge = "50000000000000000000000000000";
        let sum = def(Aggregate::Sum);
        let data = IndicatorData::new(
            &sum,
            vec![
                point(0, 0, 2023, "1", false),
                point(1, 2, 2023, huge, false),
                point(2, 3, 2023, huge, false),
                point(3, 4, 2023, huge, false),
                point(4, 4, 2023, huge, false),
            ],
            &tree,
        );
        assert_eq!(data.rollup(2, &y).unwrap().total, d(huge));
        assert!(data.rollup(1, &y).is_none());
        assert_eq!(data.rollup(0, &y).unwrap().total, d("1"));
        assert!(data.own(4, &y).is_none());
        assert!(data.rollup(4, &y).is_none());
        assert!(data.total(&y).is_none());
        assert_eq!(data.latest_rollup(0), Some((y, d_figure("1"))));
    }

    #[test]
    fn targets_and_baselines_stay_out_of_the_figures() {
        let tree = tree();
        let sum = def(Aggregate::Sum);
        let mut target = point(1, 2, 2023, "99", false);
        target.kind = ObservationKind::Target;
        let data = IndicatorData::new(&sum, vec![point(0, 2, 2023, "1", false), target], &tree);
        assert_eq!(data.rollup(0, &Period::Year(2023)).unwrap().total, d("1"));
    }
}
