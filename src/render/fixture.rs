//! A small valid site, validated in memory, for the unit tests of the render modules.

use std::path::PathBuf;

use crate::diagnostics::SourceText;
use crate::load::{RecordFile, RecordFormat, SiteFiles};
use crate::model::Site;
use crate::validate::{self, Options};

const REGIONS: &str = r#"[zhejiang]
name = "Zhejiang Province"
[zhejiang.huzhou]
name = "Huzhou"
[fujian]
name = "Fujian Province"
"#;

const THEMES: &str = r#"[green-finance]
label = "Green finance"
[rural-credit]
label = "Rural credit"
"#;

const CASE: &str = r#"+++
title = "City leads villages in Wuxing"
date = 2024-03-01
region = "zhejiang/huzhou"
themes = ["green-finance"]
summary = "Villages bought property together & earn rent."
+++

## How it worked

Villages formed companies.
"#;

const OLD_CASE: &str = r#"+++
title = "Credit days in Fuzhou"
date = "2021-06"
region = "fujian"
themes = ["rural-credit"]
summary = "Banks came to the villages."
+++
"#;

const PROGRAM: &str = r#"+++
title = "Photovoltaic loan"
institution = "Huzhou banks"
kind = "loan-product"
region = "zhejiang/huzhou"
themes = ["green-finance", "rural-credit"]
summary = "Whole-village credit for solar power stations."
start = 2022
+++
"#;

const PAGE: &str = r#"+++
title = "About"
+++

## Who we are

A team.
"#;

fn record(path: &str, text: &str) -> RecordFile {
    let stem = path
        .rsplit('/')
        .next()
        .and_then(|name| name.strip_suffix(".md"))
        .unwrap_or_default()
        .to_string();
    RecordFile {
        source: SourceText::new(path, text),
        format: RecordFormat::Markdown,
        stem,
    }
}

/// Two cases (2024-03-01 and 2021-06), a program (2022) and a page, under `base_url`.
pub fn site(base_url: &str) -> Site {
    let files = SiteFiles {
        root: PathBuf::from("/nonexistent"),
        config: SourceText::new(
            "site.toml",
            format!("title = \"Test & Cases\"\nbase_url = \"{base_url}\"\n"),
        ),
        regions: Some(SourceText::new("content/regions.toml", REGIONS)),
        themes: Some(SourceText::new("content/themes.toml", THEMES)),
        indicators: None,
        cases: vec![
            record("content/cases/wuxing.md", CASE),
            record("content/cases/fuzhou-credit-days.md", OLD_CASE),
        ],
        programs: vec![record("content/programs/pv-loan.md", PROGRAM)],
        pages: vec![record("content/pages/about.md", PAGE)],
        templates: Vec::new(),
        static_files: Vec::new(),
    };
    match validate::validate(&files, &Options::default()) {
        Ok(site) => site,
        Err(diags) => panic!(
            "the fixture site is invalid:\n{}",
            diags
                .into_sorted()
                .iter()
                .map(|d| d.render(false))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}
