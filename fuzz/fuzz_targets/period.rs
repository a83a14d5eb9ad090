//! The period parser on any text: it never panics, and what it accepts is shown in
//! both languages and round-trips through its ISO form.

#![no_main]

use casebook::model::period::Period;
use casebook::model::quantity::Lang;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(period) = Period::parse_str(text) {
        assert_eq!(Period::parse_str(&period.iso()), Ok(period), "{text:?}");
        let _ = period.display(Lang::En);
        let _ = period.display(Lang::Zh);
        let (year, month, day) = period.end();
        assert!(
            (1..=12).contains(&month) && (1..=31).contains(&day),
            "{text:?}"
        );
        assert_eq!(year, period.year());
    }
});
