//! The quantity parser on any text: it never panics, what it accepts formats in both
//! money styles and converts to its own base unit, and parsing is deterministic.

#![no_main]

use casebook::model::quantity::{self, Lang, MoneyStyle, Unit, UnitCatalog};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let mut catalog = UnitCatalog::new();
    catalog.add_count_unit("villages", &["village".to_string(), "个村".to_string()]);
    catalog.add_count_unit("households", &["household".to_string(), "户".to_string()]);
    match quantity::parse(text, &catalog) {
        Ok(q) => {
            assert_eq!(q.source, text);
            if let Some(high) = q.high {
                assert!(
                    high >= q.value,
                    "a range's high end is below its low end: {text:?}"
                );
            }
            let _ = q.midpoint();
            let _ = q.is_approximate();
            let _ = q.format(MoneyStyle::Western, Lang::En, "CNY");
            let _ = q.format(MoneyStyle::Chinese, Lang::Zh, "CNY");
            let base = Unit::base(q.dimension.clone());
            assert_eq!(q.in_unit(&base).ok(), Some(q.midpoint()), "{text:?}");
            let again = quantity::parse(text, &catalog).expect("parsing is deterministic");
            assert_eq!((again.value, again.high), (q.value, q.high));
        }
        Err(e) => {
            if let Some(offset) = e.offset {
                assert!(offset <= text.len(), "error offset past the end: {text:?}");
            }
        }
    }
    for unit in ["yuan", "mu", "villages", "%"] {
        if let Some(unit) = catalog.unit(unit) {
            let _ = quantity::parse_bare(text, &unit);
        }
    }
});
