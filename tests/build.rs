//! The real binary on real sites: what a successful build writes.

mod common;

use common::{TestSite, example_site, snapshot};

#[test]
fn the_test_site_builds_every_page() {
    let site = TestSite::new();
    site.build();
    for page in [
        "public/index.html",
        "public/cases/index.html",
        "public/cases/wuxing/index.html",
        "public/programs/index.html",
        "public/programs/pv-loan/index.html",
        "public/regions/index.html",
        "public/regions/zhejiang/index.html",
        "public/regions/zhejiang/huzhou/wuxing/index.html",
        "public/regions/fujian/index.html",
        "public/themes/index.html",
        "public/themes/urban-rural-integration/index.html",
        "public/tags/index.html",
        "public/tags/photovoltaic/index.html",
        "public/tags/光伏/index.html",
        "public/years/index.html",
        "public/years/2024/index.html",
        "public/years/2020/index.html",
        "public/about/index.html",
        "public/404.html",
        "public/casebook.css",
        "public/favicon.svg",
        "public/.casebook-output",
    ] {
        assert!(site.path(page).is_file(), "{page} was not written");
    }
}

#[test]
fn a_case_page_shows_its_fields_figures_and_links() {
    let site = TestSite::new();
    site.build();
    let html = site.read("public/cases/wuxing/index.html");
    for expected in [
        "City leads villages in Wuxing",
        "Villages bought property together.",
        "Typical case of the demonstration zone",
        // Breadcrumb, themes, tags.
        "https://example.org/regions/zhejiang/huzhou/",
        "Wuxing District",
        "https://example.org/themes/urban-rural-integration/",
        "https://example.org/tags/%E5%85%89%E4%BC%8F/",
        // The body, with a heading id.
        r#"<h2 id="how-it-worked">"#,
        // Figures in the money style, beside the source's own text.
        "1.371 million yuan",
        "23 villages",
        "Baseline",
        // The linked program and the source.
        "https://example.org/programs/pv-loan/",
        "Huzhou Today",
        "https://example.org/article",
    ] {
        assert!(html.contains(expected), "case page lacks {expected:?}");
    }
}

#[test]
fn a_program_page_lists_the_cases_that_name_it() {
    let site = TestSite::new();
    site.build();
    let html = site.read("public/programs/pv-loan/index.html");
    for expected in [
        "Photovoltaic loan",
        "Huzhou banks",
        "Loan product",
        "nearly 100 million yuan",
        "Twenty villages credited",
        "https://example.org/cases/wuxing/",
        "June 2020",
    ] {
        assert!(html.contains(expected), "program page lacks {expected:?}");
    }
}

#[test]
fn the_home_page_has_headline_figures() {
    let site = TestSite::new();
    site.build();
    let html = site.read("public/index.html");
    assert!(html.contains("Test Cases"));
    assert!(html.contains("A site for tests"));
    // The money committed, summed exactly and marked approximate ("nearly").
    assert!(
        html.contains("100 million yuan"),
        "home lacks the committed total"
    );
    assert!(html.contains("https://example.org/cases/wuxing/"));
    assert!(
        html.contains("https://example.org/about/"),
        "menu lacks the free page"
    );
}

#[test]
fn region_pages_list_records_in_the_region_and_below() {
    let site = TestSite::new();
    site.build();
    let province = site.read("public/regions/zhejiang/index.html");
    assert!(province.contains("https://example.org/cases/wuxing/"));
    assert!(province.contains("https://example.org/programs/pv-loan/"));
    let other = site.read("public/regions/fujian/index.html");
    assert!(!other.contains("https://example.org/cases/wuxing/"));
}

#[test]
fn a_sub_path_base_url_is_honoured_everywhere() {
    let site = TestSite::new();
    site.edit(
        "site.toml",
        "https://example.org/",
        "https://cases.example.org/sub",
    );
    site.build();
    for (_, bytes) in snapshot(&site.path("public")) {
        let text = String::from_utf8_lossy(&bytes);
        for (i, _) in text.match_indices("href=\"") {
            let href = &text[i + 6..];
            let href = &href[..href.find('"').unwrap()];
            if href.starts_with("https://cases.example.org") {
                assert!(
                    href.starts_with("https://cases.example.org/sub/"),
                    "link outside the sub-path: {href}"
                );
            }
            assert!(
                !href.starts_with('/'),
                "root-relative link breaks under a sub-path: {href}"
            );
        }
    }
    let html = site.read("public/index.html");
    assert!(html.contains("https://cases.example.org/sub/casebook.css"));
    assert!(html.contains("https://cases.example.org/sub/cases/wuxing/"));
}

#[test]
fn base_url_can_be_given_on_the_command_line() {
    let site = TestSite::new();
    site.casebook()
        .args(["build", "--base-url", "http://127.0.0.1:8000/preview/"])
        .assert()
        .success();
    assert!(
        site.read("public/index.html")
            .contains("http://127.0.0.1:8000/preview/cases/wuxing/")
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = TestSite::new();
    site.write(
        "content/cases/secret.md",
        &common::CASE
            .replace("title = \"City leads", "draft = true\ntitle = \"Secret")
            .replace("programs = [\"pv-loan\"]\n", ""),
    );
    site.build();
    assert!(!site.path("public/cases/secret").exists());
    assert!(!site.read("public/cases/index.html").contains("Secret"));
    site.casebook()
        .args(["build", "--drafts"])
        .assert()
        .success();
    assert!(site.path("public/cases/secret/index.html").is_file());
}

#[test]
fn bom_and_crlf_files_build() {
    let site = TestSite::new();
    let crlf = common::CASE.replace('\n', "\r\n");
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(crlf.as_bytes());
    site.write_bytes("content/cases/wuxing.md", &bytes);
    site.write_bytes(
        "site.toml",
        &[
            &[0xEF, 0xBB, 0xBF][..],
            common::SITE_TOML.replace('\n', "\r\n").as_bytes(),
        ]
        .concat(),
    );
    site.build();
    assert!(
        site.read("public/cases/wuxing/index.html")
            .contains("City leads villages in Wuxing")
    );
}

#[test]
fn a_toml_record_builds_without_a_body() {
    let site = TestSite::new();
    site.write(
        "content/programs/fund.toml",
        "title = \"Support fund\"\ninstitution = \"District\"\nkind = \"fund\"\nregion = \"zhejiang\"\nthemes = [\"village-collective-economy\"]\nsummary = \"A fund.\"\nstart = 2019\ncommitment = \"44.85 million yuan\"\n",
    );
    site.build();
    assert!(
        site.read("public/programs/fund/index.html")
            .contains("44.85 million yuan")
    );
}

#[test]
fn static_files_are_copied_and_templates_overridden() {
    let site = TestSite::new();
    site.write("static/robots.txt", "User-agent: *\n");
    site.write("static/img/logo.svg", "<svg/>");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}Custom lost page{% endblock content %}",
    );
    site.build();
    assert_eq!(site.read("public/robots.txt"), "User-agent: *\n");
    assert_eq!(site.read("public/img/logo.svg"), "<svg/>");
    assert!(site.read("public/404.html").contains("Custom lost page"));
}

#[test]
fn two_builds_in_two_folders_are_byte_identical() {
    let a = TestSite::new();
    let b = TestSite::new();
    a.build();
    b.build();
    let first = snapshot(&a.path("public"));
    assert_eq!(first, snapshot(&b.path("public")));
    a.build();
    assert_eq!(first, snapshot(&a.path("public")));
}

/// The example site, copied to `dir` (its own files only, not its output).
fn copy_example_site(dir: &std::path::Path) {
    let from = example_site();
    for top in ["site.toml", "content", "templates", "static"] {
        for entry in walkdir::WalkDir::new(from.join(top)).into_iter().flatten() {
            let target = dir.join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
}

#[test]
fn the_example_site_builds_byte_identically_in_two_folders() {
    // Two copies at paths of different lengths, built twice: every output (pages,
    // charts, feeds, sitemap, open data, search index) is the same, byte for byte.
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let b_site = b.path().join("a/much/deeper/site folder");
    copy_example_site(a.path());
    copy_example_site(&b_site);
    let build = |site: &std::path::Path| {
        assert_cmd::Command::cargo_bin("casebook")
            .unwrap()
            .arg("build")
            .arg(site)
            .assert()
            .success();
        snapshot(&site.join("public"))
    };
    let first = build(a.path());
    for kind in [
        "index.html",
        "feed.xml",
        "sitemap.xml",
        "data/cases.json",
        "data/indicators.csv",
        "pagefind/pagefind-entry.json",
    ] {
        assert!(first.iter().any(|(p, _)| p == kind), "no {kind}");
    }
    assert!(
        first
            .iter()
            .any(|(_, bytes)| String::from_utf8_lossy(bytes).contains("<svg")),
        "no chart"
    );
    let second = build(&b_site);
    let differ: Vec<&str> = first
        .iter()
        .zip(&second)
        .filter(|(x, y)| x != y)
        .map(|(x, _)| x.0.as_str())
        .collect();
    assert!(differ.is_empty(), "differ between folders: {differ:?}");
    assert_eq!(first.len(), second.len());
    assert_eq!(first, build(a.path()), "a second build differs");
    // No path of the machine leaks into the output.
    for (path, bytes) in &first {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains(&*a.path().to_string_lossy()), "{path}");
    }
}

#[test]
fn check_validates_and_writes_nothing() {
    let site = TestSite::new();
    site.casebook().arg("check").assert().success();
    assert!(!site.path("public").exists());
}

#[test]
fn the_example_site_builds_with_its_cases_and_programs() {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    assert_cmd::Command::cargo_bin("casebook")
        .unwrap()
        .arg("build")
        .arg(example_site())
        .arg("-o")
        .arg(&public)
        .assert()
        .success();
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(home.contains("Wuxing"), "home page lacks the Wuxing case");
    let cases = std::fs::read_dir(public.join("cases"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    let programs = std::fs::read_dir(public.join("programs"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    assert!(cases >= 3, "{cases} cases");
    assert!(programs >= 5, "{programs} programs");
    let wuxing =
        std::fs::read_to_string(public.join("cases/wuxing-city-leads-villages/index.html"))
            .unwrap();
    assert!(wuxing.contains("1.371 million yuan"));
    assert!(
        wuxing.contains("137.1万元"),
        "the as-reported text is shown beside the figure"
    );
    let fuzhou =
        std::fs::read_to_string(public.join("programs/fuzhou-urban-rural-credit-line/index.html"))
            .unwrap();
    assert!(fuzhou.contains("300 billion yuan"));
}
