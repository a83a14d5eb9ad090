//! The three catalogs: regions.toml (the region tree), themes.toml and
//! indicators.toml. Records are checked against them.

use std::collections::BTreeMap;

use toml::de::{DeTable, DeValue};

use crate::diagnostics::{SourceText, did_you_mean};
use crate::model::quantity::{Dimension, UnitCatalog};
use crate::model::{Aggregate, IndicatorDef, Region, RegionTree, Theme, is_valid_slug};

use super::fields::{Fields, FileCtx, first_line, to_json};

/// Everything a record may refer to.
#[derive(Debug, Clone)]
pub struct Catalogs {
    pub regions: RegionTree,
    pub themes: BTreeMap<String, Theme>,
    pub indicators: BTreeMap<String, IndicatorDef>,
    pub units: UnitCatalog,
}

fn check_key(
    ctx: &mut FileCtx,
    key: &toml::Spanned<std::borrow::Cow<'_, str>>,
    what: &str,
) -> bool {
    if is_valid_slug(key.get_ref()) {
        return true;
    }
    let span = ctx.abs(key.span());
    ctx.error(
        span,
        format!("`{}` is not a valid {what} key", key.get_ref()),
        "lowercase ASCII letters, digits and `-` only",
        Some(format!(
            "try `{}`",
            crate::model::suggest_slug(key.get_ref())
        )),
    );
    false
}

/// regions.toml: nested tables are the tree; a region's id is its path.
pub fn regions(source: Option<&SourceText>, ctx_out: &mut Vec<FileCtx>) -> RegionTree {
    let mut tree = RegionTree::default();
    let Some(source) = source else {
        return tree;
    };
    let mut ctx = FileCtx::new(source.clone(), 0);
    let text = source.text.clone();
    if let Some(table) = ctx.parse(&text) {
        let mut flat = Vec::new();
        collect_regions(&mut ctx, &table, "", &mut flat);
        // Sort by id so that the tree's order never depends on the file's.
        flat.sort_by(|a, b| a.0.cmp(&b.0));
        for (id, region) in &flat {
            tree.by_id.insert(id.clone(), tree.regions.len());
            tree.regions.push(region.clone());
        }
        for index in 0..tree.regions.len() {
            let parent_id = tree.regions[index]
                .id
                .rsplit_once('/')
                .map(|(p, _)| p.to_string());
            match parent_id.and_then(|p| tree.get(&p)) {
                Some(parent) => {
                    tree.regions[index].parent = Some(parent);
                    tree.regions[parent].children.push(index);
                }
                None => tree.roots.push(index),
            }
        }
    }
    ctx_out.push(ctx);
    tree
}

fn collect_regions(
    ctx: &mut FileCtx,
    table: &DeTable<'_>,
    prefix: &str,
    out: &mut Vec<(String, Region)>,
) {
    for (key, value) in table.iter() {
        let DeValue::Table(sub) = value.get_ref() else {
            let span = ctx.abs(key.span());
            ctx.error(
                span,
                format!("`{}` must be a region table", key.get_ref()),
                "expected [region] table",
                Some("a region is written as a table: [zhejiang] then name = \"…\"".into()),
            );
            continue;
        };
        if !check_key(ctx, key, "region") {
            continue;
        }
        let id = if prefix.is_empty() {
            key.get_ref().to_string()
        } else {
            format!("{prefix}/{}", key.get_ref())
        };
        let anchor = first_line(ctx, value.span());
        let mut f = Fields::new(sub, anchor, "a region");
        let name = f.text(ctx, "name", true);
        let level = f.text(ctx, "level", false);
        let alt_names = f.strings(ctx, "alt_names", false);
        let extra = f.table(ctx, "extra").map(|v| to_json(v.get_ref()));
        // Every other sub-table is a child region; other values are unknown fields.
        let mut children = DeTable::new();
        for (k, v) in sub.iter() {
            let reserved = matches!(
                k.get_ref().as_ref(),
                "name" | "level" | "alt_names" | "extra"
            );
            if !reserved && matches!(v.get_ref(), DeValue::Table(_)) {
                children.insert(k.clone(), v.clone());
            }
        }
        f.finish_allowing(ctx, |v| matches!(v, DeValue::Table(_)));
        if let Some(name) = name {
            out.push((
                id.clone(),
                Region {
                    id: id.clone(),
                    name: name.value,
                    level: level.map(|l| l.value),
                    alt_names: alt_names.into_iter().map(|a| a.value).collect(),
                    parent: None,
                    children: Vec::new(),
                    extra: extra.unwrap_or_else(|| serde_json::json!({})),
                },
            ));
        }
        collect_regions(ctx, &children, &id, out);
    }
}

/// themes.toml: one table a theme.
pub fn themes(source: Option<&SourceText>, ctx_out: &mut Vec<FileCtx>) -> BTreeMap<String, Theme> {
    let mut themes = BTreeMap::new();
    let Some(source) = source else {
        return themes;
    };
    let mut ctx = FileCtx::new(source.clone(), 0);
    let text = source.text.clone();
    if let Some(table) = ctx.parse(&text) {
        for (key, value) in table.iter() {
            let Some(sub) = as_table(&mut ctx, key, value, "theme") else {
                continue;
            };
            if !check_key(&mut ctx, key, "theme") {
                continue;
            }
            let anchor = first_line(&ctx, value.span());
            let mut f = Fields::new(sub, anchor, "a theme");
            let label = f.text(&mut ctx, "label", true);
            let description = f.text(&mut ctx, "description", false);
            let extra = f.table(&mut ctx, "extra").map(|v| to_json(v.get_ref()));
            f.finish(&mut ctx);
            if let Some(label) = label {
                let key = key.get_ref().to_string();
                themes.insert(
                    key.clone(),
                    Theme {
                        key,
                        label: label.value,
                        description: description.map(|d| d.value),
                        extra: extra.unwrap_or_else(|| serde_json::json!({})),
                    },
                );
            }
        }
    }
    ctx_out.push(ctx);
    themes
}

/// indicators.toml: the catalog of indicators and, through their units and aliases,
/// the counting nouns that quantities may use.
pub fn indicators(
    source: Option<&SourceText>,
    currency: &str,
    ctx_out: &mut Vec<FileCtx>,
) -> (BTreeMap<String, IndicatorDef>, UnitCatalog) {
    let mut defs = BTreeMap::new();
    let mut units = UnitCatalog::new();
    units.set_currency(currency);
    let Some(source) = source else {
        return (defs, units);
    };
    let mut ctx = FileCtx::new(source.clone(), 0);
    let text = source.text.clone();
    let Some(table) = ctx.parse(&text) else {
        ctx_out.push(ctx);
        return (defs, units);
    };
    let builtins = UnitCatalog::new();
    let builtin_words = builtins.known_words();

    struct Raw {
        key: String,
        label: Option<String>,
        unit: Option<(String, std::ops::Range<usize>)>,
        aggregate: Option<Aggregate>,
        description: Option<String>,
        extra: serde_json::Value,
    }
    let mut raws = Vec::new();
    for (key, value) in table.iter() {
        let Some(sub) = as_table(&mut ctx, key, value, "indicator") else {
            continue;
        };
        if !check_key(&mut ctx, key, "indicator") {
            continue;
        }
        let anchor = first_line(&ctx, value.span());
        let mut f = Fields::new(sub, anchor, "an indicator");
        let label = f.text(&mut ctx, "label", true);
        let unit = f.text(&mut ctx, "unit", true);
        let aliases = f.strings(&mut ctx, "aliases", false);
        let aggregate = f.string(&mut ctx, "aggregate", true);
        let description = f.text(&mut ctx, "description", false);
        let extra = f.table(&mut ctx, "extra").map(|v| to_json(v.get_ref()));
        f.finish(&mut ctx);

        let aggregate = aggregate.and_then(|a| match a.value.as_str() {
            "sum" => Some(Aggregate::Sum),
            "mean" => Some(Aggregate::Mean),
            "none" => Some(Aggregate::None),
            other => {
                ctx.error(
                    a.span,
                    format!("unknown aggregate `{other}`"),
                    "expected sum, mean or none",
                    did_you_mean(other, ["sum", "mean", "none"]),
                );
                None
            }
        });
        // A unit the built-ins do not know is a counting noun ("villages"), unless it
        // is so close to a built-in unit that it is surely a typo.
        if let Some(unit) = &unit {
            if builtins.unit(&unit.value).is_none() {
                if let Some(help) =
                    did_you_mean(&unit.value, builtin_words.iter().map(String::as_str))
                {
                    ctx.error(
                        unit.span.clone(),
                        format!("unknown unit `{}`", unit.value),
                        "not a built-in unit",
                        Some(help),
                    );
                    continue;
                }
                // A counting unit lands in the open data's cells as it is written: a
                // word, never a spreadsheet formula (`=HYPERLINK(…)`, `cmd|…`).
                let words = std::iter::once(unit).chain(&aliases);
                let bad: Vec<_> = words.filter(|w| !is_counting_word(&w.value)).collect();
                for word in &bad {
                    ctx.error(
                        word.span.clone(),
                        format!("`{}` cannot be a counting unit", word.value),
                        "not a word",
                        Some("a counting unit starts with a letter and holds only letters, digits, spaces, `-` and `.`, e.g. \"villages\" or \"个村\"".into()),
                    );
                }
                if !bad.is_empty() {
                    continue;
                }
                let aliases: Vec<String> = aliases.iter().map(|a| a.value.clone()).collect();
                units.add_count_unit(&unit.value, &aliases);
            } else if let Some(alias) = aliases.first() {
                ctx.error(
                    alias.span.clone(),
                    "aliases are for counting units only",
                    "not needed",
                    Some(format!(
                        "`{}` is a built-in unit with its own spellings",
                        unit.value
                    )),
                );
            }
        }
        raws.push(Raw {
            key: key.get_ref().to_string(),
            label: label.map(|l| l.value),
            unit: unit.map(|u| (u.value, u.span)),
            aggregate,
            description: description.map(|d| d.value),
            extra: extra.unwrap_or_else(|| serde_json::json!({})),
        });
    }
    for raw in raws {
        let (Some(label), Some((unit_name, unit_span)), Some(aggregate)) =
            (raw.label, raw.unit, raw.aggregate)
        else {
            continue;
        };
        let Some(unit) = units.unit(&unit_name) else {
            ctx.error(
                unit_span,
                format!("unknown unit `{unit_name}`"),
                "unknown unit",
                None,
            );
            continue;
        };
        if aggregate == Aggregate::Sum && matches!(unit.dimension, Dimension::Ratio) {
            ctx.error(
                unit_span,
                format!("`{}` is a share: shares cannot be summed", raw.key),
                "a ratio unit",
                Some("use aggregate = \"mean\" or \"none\"".into()),
            );
            continue;
        }
        defs.insert(
            raw.key.clone(),
            IndicatorDef {
                key: raw.key,
                label,
                unit_name,
                unit,
                aggregate,
                description: raw.description,
                extra: raw.extra,
            },
        );
    }
    ctx_out.push(ctx);
    (defs, units)
}

/// A counting unit's name or alias: a word of any script ("villages", "个村",
/// "person-times").
fn is_counting_word(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_alphabetic)
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '.'))
}

fn as_table<'t, 'i>(
    ctx: &mut FileCtx,
    key: &toml::Spanned<std::borrow::Cow<'i, str>>,
    value: &'t toml::Spanned<DeValue<'i>>,
    what: &str,
) -> Option<&'t DeTable<'i>> {
    match value.get_ref() {
        DeValue::Table(t) => Some(t),
        _ => {
            let span = ctx.abs(key.span());
            ctx.error(
                span,
                format!("`{}` must be a {what} table", key.get_ref()),
                format!("expected [{}]", key.get_ref()),
                Some(format!(
                    "write [{}] on its own line, then its fields",
                    key.get_ref()
                )),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counting_units_are_words_never_formulas() {
        for word in [
            "villages",
            "个村",
            "户",
            "person-times",
            "sq. ft",
            "loans 2",
        ] {
            assert!(is_counting_word(word), "{word}");
        }
        for word in [
            "=HYPERLINK(\"x\")",
            "+1",
            "@SUM(A1)",
            "-x",
            "cmd|' /C calc'!A0",
            "",
            " v",
        ] {
            assert!(!is_counting_word(word), "{word}");
        }
        let text =
            "[n]\nlabel = \"N\"\nunit = \"villages\"\naliases = [\"=1+1\"]\naggregate = \"sum\"\n";
        let source = SourceText::new("content/indicators.toml", text);
        let mut contexts = Vec::new();
        let (defs, _) = indicators(Some(&source), "CNY", &mut contexts);
        assert!(defs.is_empty());
        let d = contexts[0].diags.iter().next().unwrap();
        assert_eq!(d.message, "`=1+1` cannot be a counting unit");
        assert_eq!(d.position().unwrap(), "content/indicators.toml:4:12");
    }
}
