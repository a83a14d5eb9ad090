//! Properties of the roll-ups in [`super::aggregate`] over random region trees and
//! values: a region's figure is computed here a second, independent way (from the
//! minimal set of regions that give their own figures) and must agree, so that no
//! figure is ever counted twice or lost.

use proptest::prelude::*;
use proptest::sample::Index;
use rust_decimal::Decimal;

use super::aggregate::{Figure, IndicatorData, Point};
use super::period::Period;
use super::quantity::{Dimension, Unit};
use super::{Aggregate, IndicatorDef, ObservationKind, RecordRef, Region, RegionTree};

/// A forest: `parents[i]` is the parent of region `i`, always an earlier region.
fn tree(parents: &[Option<usize>]) -> RegionTree {
    let mut tree = RegionTree::default();
    for (i, parent) in parents.iter().enumerate() {
        tree.by_id.insert(format!("r{i}"), i);
        tree.regions.push(Region {
            id: format!("r{i}"),
            name: format!("Region {i}"),
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

fn def(aggregate: Aggregate) -> IndicatorDef {
    IndicatorDef {
        key: "k".into(),
        label: "K".into(),
        unit_name: "yuan".into(),
        unit: Unit::base(Dimension::Money),
        aggregate,
        description: None,
        extra: serde_json::Value::Null,
    }
}

/// Whether `region` is `top` or lies below it.
fn within(tree: &RegionTree, mut region: usize, top: usize) -> bool {
    loop {
        if region == top {
            return true;
        }
        match tree.regions[region].parent {
            Some(parent) => region = parent,
            None => return false,
        }
    }
}

/// The actual points of `period` that a figure for `top` (a region, or the whole
/// site for `None`) must be made of: those of the regions with own figures that have
/// no region with own figures above them, up to `top`. Grouped by region.
fn minimal(
    tree: &RegionTree,
    points: &[Point],
    period: Period,
    top: Option<usize>,
) -> Vec<Vec<Point>> {
    let actual: Vec<&Point> = points
        .iter()
        .filter(|p| p.kind == ObservationKind::Actual && p.period == period)
        .filter(|p| top.is_none_or(|t| within(tree, p.region, t)))
        .collect();
    let has_own = |region: usize| actual.iter().any(|p| p.region == region);
    let mut groups: Vec<Vec<Point>> = Vec::new();
    for region in 0..tree.regions.len() {
        if !has_own(region) {
            continue;
        }
        // Walk up to `top` (or a root): any region with own figures above hides this one.
        let mut above = tree.regions[region].parent;
        let mut hidden = false;
        while let Some(a) = above {
            if top.is_some_and(|t| !within(tree, a, t)) {
                break;
            }
            hidden |= has_own(a);
            above = tree.regions[a].parent;
        }
        if !hidden {
            groups.push(
                actual
                    .iter()
                    .filter(|p| p.region == region)
                    .map(|p| (*p).clone())
                    .collect(),
            );
        }
    }
    groups
}

/// The figure the rules give for those points, computed directly.
fn expected(aggregate: Aggregate, groups: &[Vec<Point>]) -> Option<Figure> {
    let points: Vec<&Point> = groups.iter().flatten().collect();
    if points.is_empty() {
        return None;
    }
    if aggregate == Aggregate::None && points.len() > 1 {
        // `none` never combines: only a lone value has a figure.
        return None;
    }
    Some(Figure {
        total: points.iter().map(|p| p.value).sum(),
        count: points.len() as u32,
        approximate: points.iter().any(|p| p.approximate),
    })
}

/// Up to 12 regions in a random forest, and up to 24 values of two periods, of all
/// kinds, in cents, some approximate.
fn case() -> impl Strategy<Value = (Vec<Option<usize>>, Vec<Point>)> {
    (1_usize..12)
        .prop_flat_map(|n| {
            (
                proptest::collection::vec((any::<bool>(), any::<Index>()), n),
                proptest::collection::vec(
                    (
                        any::<Index>(),
                        any::<bool>(),
                        0_u8..3,
                        -1_000_000_i64..100_000_000,
                        any::<bool>(),
                    ),
                    0..24,
                ),
            )
        })
        .prop_map(|(shape, values)| {
            let n = shape.len();
            let parents = shape
                .iter()
                .enumerate()
                .map(|(i, (root, parent))| (i > 0 && !root).then(|| parent.index(i)))
                .collect();
            let points = values
                .into_iter()
                .enumerate()
                .map(
                    |(record, (region, later, kind, cents, approximate))| Point {
                        record: RecordRef::Case(record),
                        observation: 0,
                        region: region.index(n),
                        period: Period::Year(if later { 2023 } else { 2022 }),
                        kind: [
                            ObservationKind::Actual,
                            ObservationKind::Actual,
                            ObservationKind::Target,
                        ][usize::from(kind)],
                        value: Decimal::new(cents, 2),
                        approximate,
                    },
                )
                .collect();
            (parents, points)
        })
}

proptest! {
    #[test]
    fn a_roll_up_never_counts_a_figure_twice((parents, points) in case()) {
        let tree = tree(&parents);
        for aggregate in [Aggregate::Sum, Aggregate::Mean, Aggregate::None] {
            let def = def(aggregate);
            let data = IndicatorData::new(&def, points.clone(), &tree);
            for period in [Period::Year(2022), Period::Year(2023)] {
                let site = minimal(&tree, &points, period, None);
                prop_assert_eq!(
                    data.total(&period),
                    expected(aggregate, &site),
                    "{:?}, the whole site in {}", aggregate, period
                );
                for region in 0..parents.len() {
                    let below = minimal(&tree, &points, period, Some(region));
                    prop_assert_eq!(
                        data.rollup(region, &period),
                        expected(aggregate, &below),
                        "{:?}, region {} in {}", aggregate, region, period
                    );
                }
            }
            // The latest figures are those of the latest period that has one.
            let periods = data.actual_periods();
            for region in 0..parents.len() {
                let latest = periods
                    .iter()
                    .rev()
                    .find_map(|p| data.rollup(region, p).map(|f| (*p, f)));
                prop_assert_eq!(data.latest_rollup(region), latest);
            }
            let reporting: std::collections::BTreeSet<usize> = points
                .iter()
                .filter(|p| p.kind == ObservationKind::Actual)
                .map(|p| p.region)
                .collect();
            let latest_own: Vec<(usize, Option<Figure>)> = reporting
                .into_iter()
                .map(|r| (r, periods.iter().rev().find_map(|p| data.own(r, p))))
                .collect();
            prop_assert_eq!(data.latest_own(), latest_own.as_slice());
        }
    }
}
