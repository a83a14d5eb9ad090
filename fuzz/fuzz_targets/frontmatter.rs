//! A record file as an editor might save it, from raw bytes: decoding (BOM, CRLF,
//! UTF-8), the front-matter split, the TOML parse and every field check of a case, a
//! program and a page, then the diagnostics as the editor would see them. Nothing may
//! panic, and every diagnostic must render.

#![no_main]

use std::path::PathBuf;

use casebook::diagnostics::SourceText;
use casebook::load::{self, RecordFile, RecordFormat, SiteFiles, frontmatter};
use casebook::validate::{self, Options};
use libfuzzer_sys::fuzz_target;

const SITE: &str = "title = \"Fuzz\"\nbase_url = \"https://example.org/\"\n";
const REGIONS: &str = "[zhejiang]\nname = \"Zhejiang\"\n[zhejiang.huzhou]\nname = \"Huzhou\"\n";
const THEMES: &str = "[urban-rural-integration]\nlabel = \"Urban-rural integration\"\n";
const INDICATORS: &str = "[income]\nlabel = \"Income\"\nunit = \"yuan\"\naggregate = \"mean\"\n\
    [villages]\nlabel = \"Villages\"\nunit = \"villages\"\naliases = [\"village\", \"个村\"]\naggregate = \"sum\"\n";

fn source(path: &str, text: &str) -> SourceText {
    SourceText::new(path, text)
}

fn record(kind: &str, format: RecordFormat, text: &str) -> RecordFile {
    let extension = match format {
        RecordFormat::Markdown => "md",
        RecordFormat::Toml => "toml",
    };
    RecordFile {
        source: source(&format!("content/{kind}/fuzz.{extension}"), text),
        format,
        stem: "fuzz".to_string(),
    }
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = load::decode(bytes.to_vec()) else {
        return;
    };
    if let Ok(split) = frontmatter::split(&text) {
        let front_end = split.front_offset + split.front.len();
        assert_eq!(&text[split.front_offset..front_end], split.front);
        assert_eq!(&text[split.body_offset..], split.body);
        assert!(front_end <= split.body_offset);
    }
    let files = SiteFiles {
        root: PathBuf::from("/fuzz"),
        config: source("site.toml", SITE),
        regions: Some(source("content/regions.toml", REGIONS)),
        themes: Some(source("content/themes.toml", THEMES)),
        indicators: Some(source("content/indicators.toml", INDICATORS)),
        cases: vec![
            record("cases", RecordFormat::Markdown, &text),
            record("cases", RecordFormat::Toml, &text),
        ],
        programs: vec![record("programs", RecordFormat::Markdown, &text)],
        pages: vec![record("pages", RecordFormat::Markdown, &text)],
        templates: Vec::new(),
        static_files: Vec::new(),
    };
    if let Err(diags) = validate::validate(&files, &Options::default()) {
        assert!(!diags.is_empty());
        for d in diags.into_sorted() {
            let shown = d.render(false);
            assert!(shown.contains(&d.message));
            let _ = d.position();
        }
    }
});
