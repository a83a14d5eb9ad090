//! The indicator layer on a site built for it: roll-ups against hand-computed figures,
//! exact exports, accessible charts.

mod common;

use common::TestSite;

/// Zhejiang reports its own loan total (10 million) and two districts report theirs
/// (22 million, written as 2200万元, and 22.85 million): Zhejiang's figure is its own,
/// never 54.85 million. Huzhou, with no figure of its own, adds its districts.
const INDICATORS: &str = r#"[loans]
label = "Loans granted"
unit = "yuan"
aggregate = "sum"
[income-avg]
label = "Average income per village"
unit = "yuan"
aggregate = "mean"
[villages-reached]
label = "Villages reached"
unit = "villages"
aliases = ["village", "个村"]
aggregate = "sum"
"#;

const REGIONS: &str = r#"[zhejiang]
name = "Zhejiang Province"
[zhejiang.huzhou]
name = "Huzhou"
[zhejiang.huzhou.wuxing]
name = "Wuxing District"
[zhejiang.huzhou.anji]
name = "Anji County"
[fujian]
name = "Fujian Province"
"#;

fn record(slug: &str, region: &str, indicators: &str) -> (String, String) {
    (
        format!("content/cases/{slug}.md"),
        format!(
            "+++\ntitle = \"Case {slug}\"\ndate = 2024-01-01\nregion = \"{region}\"\nthemes = [\"urban-rural-integration\"]\nsummary = \"s\"\n{indicators}+++\nBody.\n"
        ),
    )
}

fn figure(key: &str, value: &str, period: &str) -> String {
    format!("[[indicators]]\nkey = \"{key}\"\nvalue = {value}\nperiod = {period}\n")
}

fn site() -> TestSite {
    let site = TestSite::new();
    site.write("content/indicators.toml", INDICATORS);
    site.write("content/regions.toml", REGIONS);
    std::fs::remove_file(site.path("content/cases/wuxing.md")).unwrap();
    std::fs::remove_file(site.path("content/programs/pv-loan.md")).unwrap();
    for (path, text) in [
        record(
            "province",
            "zhejiang",
            &(figure("loans", "\"10 million yuan\"", "2023")
                + &figure("income-avg", "\"1 million yuan\"", "2023")),
        ),
        record(
            "wuxing",
            "zhejiang/huzhou/wuxing",
            &(figure("loans", "\"2200万元\"", "2023")
                + &figure("income-avg", "\"1.371 million yuan\"", "2023")
                + &figure("villages-reached", "\"about 20 villages\"", "2022")
                + &figure("villages-reached", "23", "2023")),
        ),
        record(
            "anji",
            "zhejiang/huzhou/anji",
            &(figure("loans", "\"22,850,000 yuan\"", "2023")
                + &figure("income-avg", "\"500,000 yuan\"", "2023")
                + &figure("villages-reached", "\"10 to 14 villages\"", "2023")),
        ),
    ] {
        site.write(&path, &text);
    }
    site.build();
    site
}

#[test]
fn a_province_with_its_own_figure_never_counts_its_districts_again() {
    let site = site();
    let loans = site.read("public/indicators/loans/index.html");
    // The site total is Zhejiang's own 10 million, not 10 + 22 + 22.85.
    assert!(loans.contains("10 million yuan"), "{loans}");
    assert!(!loans.contains("54.85 million"), "double count");
    // Huzhou has no figure of its own: its districts add up, exactly.
    let huzhou = site.read("public/regions/zhejiang/huzhou/index.html");
    assert!(
        huzhou.contains("44.85 million yuan"),
        "Huzhou should add 22 + 22.85 million"
    );
    assert!(huzhou.contains("44850000 yuan"), "the exact value is kept");
}

#[test]
fn mean_averages_over_records_and_ranges_enter_as_midpoints() {
    let site = site();
    let huzhou = site.read("public/regions/zhejiang/huzhou/index.html");
    // (1,371,000 + 500,000) / 2 = 935,500.
    assert!(huzhou.contains("935,500 yuan"), "mean of Wuxing and Anji");
    // 23 + midpoint(10, 14) = 35, approximate because of the range.
    let villages = site.read("public/indicators/villages-reached/index.html");
    assert!(villages.contains("35 villages"), "23 + 12");
    assert!(
        villages.contains("approx-mark"),
        "a range makes the total approximate"
    );
}

#[test]
fn the_csv_reads_back_with_exact_values() {
    let site = site();
    let mut reader = csv::Reader::from_path(site.path("public/data/indicators.csv")).unwrap();
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
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
            "source_url"
        ]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let find = |record: &str, key: &str, period: &str| {
        rows.iter()
            .find(|r| r[0] == record && r[3] == key && r[4] == period)
            .unwrap_or_else(|| panic!("no row {record} {key} {period}"))
            .clone()
    };
    assert_eq!(find("wuxing", "loans", "2023")[6], "22000000");
    assert_eq!(find("wuxing", "loans", "2023")[9], "2200万元");
    assert_eq!(find("anji", "loans", "2023")[6], "22850000");
    assert_eq!(find("anji", "loans", "2023")[9], "22,850,000 yuan");
    assert_eq!(find("anji", "villages-reached", "2023")[6], "12");
    assert_eq!(find("anji", "villages-reached", "2023")[8], "range");
    assert_eq!(find("wuxing", "villages-reached", "2022")[8], "about");
    assert_eq!(find("wuxing", "income-avg", "2023")[6], "1371000");
    assert_eq!(
        find("wuxing", "income-avg", "2023")[2],
        "zhejiang/huzhou/wuxing"
    );
}

#[test]
fn json_exports_keep_decimals_as_strings() {
    let site = site();
    let cases = site.read("public/data/cases.json");
    assert!(cases.contains(r#""value": "22850000""#), "{cases}");
    let one = site.read("public/cases/wuxing/index.json");
    assert!(one.contains(r#""as_reported": "2200万元""#), "{one}");
    assert!(site.path("public/data/programs.json").is_file());
}

#[test]
fn every_chart_parses_as_xml_with_a_title_and_a_description() {
    let site = site();
    let mut charts = 0;
    for (path, bytes) in common::snapshot(&site.path("public")) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for (start, _) in html.match_indices("<svg") {
            let end = start + html[start..].find("</svg>").expect("unclosed svg") + "</svg>".len();
            let svg = &html[start..end];
            let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{path}: {e}"));
            let root = doc.root_element();
            if root.attribute("role") != Some("img") {
                continue; // an icon, not a chart
            }
            charts += 1;
            let has = |tag: &str| {
                root.children()
                    .any(|n| n.has_tag_name(tag) && n.text().is_some_and(|t| !t.is_empty()))
            };
            assert!(has("title"), "{path}: chart without <title>");
            assert!(has("desc"), "{path}: chart without <desc>");
        }
    }
    assert!(charts >= 5, "only {charts} charts");
}

#[test]
fn the_example_site_has_a_dashboard() {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    assert_cmd::Command::cargo_bin("casebook")
        .unwrap()
        .arg("build")
        .arg(common::example_site())
        .arg("-o")
        .arg(&public)
        .assert()
        .success();
    let dashboard = std::fs::read_to_string(public.join("indicators/index.html")).unwrap();
    assert!(dashboard.contains("1.371 million yuan"));
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(
        home.contains("role=\"img\""),
        "the home page has its headline chart"
    );
}

/// An indicator reported 150 times lists the latest 100 values, newest first, and says
/// that the CSV holds them all; the CSV has every one.
#[test]
fn a_long_indicator_page_lists_the_latest_values_and_the_csv_has_all() {
    let site = site();
    for n in 0..50 {
        let figures: String = (2021..=2023)
            .map(|year| {
                figure(
                    "loans",
                    &format!("\"{} yuan\"", 1000 + n),
                    &year.to_string(),
                )
            })
            .collect();
        let (path, text) = record(&format!("many-{n:02}"), "fujian", &figures);
        site.write(&path, &text);
    }
    site.build();
    let page = site.read("public/indicators/loans/index.html");
    let rows = page.matches("<tr class=\"kind-").count();
    assert_eq!(rows, 100, "{rows} rows");
    assert!(page.contains("Latest reported values"), "no heading");
    assert!(page.contains("The latest 100 of 153 values"), "no note");
    // Newest first: the 53 values of 2023, then 47 of the 50 of 2022; none of 2021.
    let of_year = |year: &str| page.matches(&format!("class=\"period\">{year}<")).count();
    assert_eq!(
        (of_year("2023"), of_year("2022"), of_year("2021")),
        (53, 47, 0)
    );
    let first = page.find("<tr class=\"kind-").unwrap();
    assert!(page[first..].find(">2023<") < page[first..].find(">2022<"));
    let csv = site.read("public/data/indicators.csv");
    let loans = csv.lines().filter(|l| l.contains(",loans,")).count();
    assert_eq!(loans, 153, "{csv}");
}

/// With more regions than a chart can show, the bar chart keeps the 12 highest, highest
/// first, and the chart over time the 6 highest lines, each title saying so.
#[test]
fn charts_of_many_regions_show_the_highest() {
    let site = site();
    let mut regions = String::from(REGIONS);
    for n in 0..14 {
        regions.push_str(&format!("[fujian.c{n:02}]\nname = \"City {n:02}\"\n"));
        let figures = figure("loans", &format!("\"{} yuan\"", 100 + n), "2022")
            + &figure("loans", &format!("\"{} yuan\"", 200 + n), "2023");
        let (path, text) = record(
            &format!("city-{n:02}"),
            &format!("fujian/c{n:02}"),
            &figures,
        );
        site.write(&path, &text);
    }
    site.write("content/regions.toml", &regions);
    site.build();
    let page = site.read("public/indicators/loans/index.html");
    assert!(
        page.contains("latest value by region (the 12 highest of 17 regions)"),
        "bar title"
    );
    assert!(
        page.contains("over time (the 6 highest of 17 regions)"),
        "line title"
    );
    // The bars, highest first: Huzhou's districts' 22 million and more lead, the small
    // cities come last, and the two smallest are left out.
    let svg_start = page.find("latest value by region (the 12").unwrap();
    let bars = &page[svg_start..];
    assert!(!bars[..bars.find("</svg>").unwrap()].contains("City 00"));
    assert!(bars[..bars.find("</svg>").unwrap()].contains("City 13"));
}
