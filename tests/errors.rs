//! Every kind of editor mistake gives a diagnostic with the file, line and column, the
//! snippet and a suggestion; the build exits 1 and writes nothing.

mod common;

use common::{TestSite, snapshot};

/// (what is changed: file, from, to) → what the message must contain.
const MISTAKES: &[(&str, &str, &str, &[&str])] = &[
    (
        "content/cases/wuxing.md",
        "region = \"zhejiang/huzhou/wuxing\"",
        "region = \"zhejiang/huzhuo/wuxing\"",
        &[
            "unknown region `zhejiang/huzhuo/wuxing`",
            "content/cases/wuxing.md:4:10",
            "did you mean `zhejiang/huzhou/wuxing`?",
        ],
    ),
    (
        "content/cases/wuxing.md",
        "themes = [\"urban-rural-integration\"]",
        "themes = [\"urban-rural-integraton\"]",
        &[
            "unknown theme `urban-rural-integraton`",
            "content/cases/wuxing.md:5:11",
            "did you mean `urban-rural-integration`?",
        ],
    ),
    (
        "content/cases/wuxing.md",
        "summary = ",
        "sumary = ",
        &[
            "unknown field `sumary` in a case",
            "did you mean `summary`?",
            "a case needs the field `summary`",
        ],
    ),
    (
        "content/cases/wuxing.md",
        "programs = [\"pv-loan\"]",
        "programs = [\"pv-loans\"]",
        &[
            "unknown program `pv-loans`",
            "content/cases/wuxing.md:8:13",
            "did you mean `pv-loan`?",
        ],
    ),
    (
        "content/cases/wuxing.md",
        "key = \"village-income-avg\"",
        "key = \"village-income-average\"",
        &[
            "unknown indicator `village-income-average`",
            "did you mean `village-income-avg`?",
        ],
    ),
    (
        "content/cases/wuxing.md",
        "value = \"1.371 million yuan\"",
        "value = \"1.371 million yaun\"",
        &[
            "cannot read the quantity \"1.371 million yaun\"",
            "did you mean `yuan`?",
            "content/cases/wuxing.md:",
        ],
    ),
    (
        "content/cases/wuxing.md",
        "value = \"1.371 million yuan\"",
        "value = \"23 villages\"",
        &["cannot be converted to yuan", "content/cases/wuxing.md:"],
    ),
    (
        "content/cases/wuxing.md",
        "date = 2024-03-01",
        "date = \"2024-13\"",
        &["`date` is not a valid date", "content/cases/wuxing.md:3:8"],
    ),
    (
        "content/cases/wuxing.md",
        "kind = \"baseline\"",
        "kind = \"baseline-ish\"",
        &[
            "unknown kind `baseline-ish`",
            "expected actual, target or baseline",
        ],
    ),
    (
        "content/cases/wuxing.md",
        "title = \"City leads villages in Wuxing\"",
        "title = \"City leads villages in Wuxing",
        &["invalid TOML", "content/cases/wuxing.md:2:"],
    ),
    (
        "content/programs/pv-loan.md",
        "kind = \"loan-product\"",
        "kind = \"loan-prodct\"",
        &[
            "unknown program kind `loan-prodct`",
            "did you mean `loan-product`?",
            "content/programs/pv-loan.md:4:8",
        ],
    ),
    (
        "content/programs/pv-loan.md",
        "commitment = \"nearly 100 million yuan\"",
        "commitment = \"20 villages\"",
        &["`commitment` must be an amount of money"],
    ),
    (
        "content/programs/pv-loan.md",
        "start = \"2020-06\"",
        "start = \"2020-06\"\nend = 2019",
        &["the program ends (2019) before it starts (2020-06)"],
    ),
    (
        "content/cases/wuxing.md",
        "url = \"https://example.org/article\"",
        "url = \"javascript:alert(1)\"",
        &["`javascript:alert(1)` is not a web address"],
    ),
    (
        "content/indicators.toml",
        "aggregate = \"mean\"",
        "aggregate = \"average\"",
        &[
            "unknown aggregate `average`",
            "content/indicators.toml:4:13",
        ],
    ),
    (
        "content/indicators.toml",
        "unit = \"yuan\"",
        "unit = \"yaun\"",
        &["unknown unit `yaun`", "did you mean `yuan`?"],
    ),
    (
        "content/regions.toml",
        "level = \"city\"",
        "levl = \"city\"",
        &[
            "unknown field `levl` in a region",
            "did you mean `level`?",
            "content/regions.toml:7:1",
        ],
    ),
    (
        "content/themes.toml",
        "label = \"Village collective economy\"",
        "lable = \"Village collective economy\"",
        &[
            "unknown field `lable` in a theme",
            "a theme needs the field `label`",
        ],
    ),
    (
        "site.toml",
        "base_url = \"https://example.org/\"",
        "base_url = \"example.org\"",
        &["base_url is not a valid URL", "site.toml:2:12"],
    ),
];

#[test]
fn each_mistake_gives_its_diagnostic_with_file_and_line() {
    for (file, from, to, expected) in MISTAKES {
        let site = TestSite::new();
        site.edit(file, from, to);
        let stderr = site.build_fails();
        for e in *expected {
            assert!(
                stderr.contains(e),
                "changing {from:?} to {to:?} in {file}: expected {e:?} in:\n{stderr}"
            );
        }
        // Every diagnostic shows the snippet with a caret under the problem.
        assert!(stderr.contains('^'), "no caret in:\n{stderr}");
        assert!(!site.path("public").exists(), "a failed build wrote output");
    }
}

#[test]
fn a_fence_in_the_body_is_body_text() {
    // Only the first two `+++` lines delimit the front matter.
    let site = TestSite::new();
    site.edit(
        "content/cases/wuxing.md",
        "Villages formed companies.",
        "Before\n\n+++\n\nAfter the fence",
    );
    site.build();
    assert!(
        site.read("public/cases/wuxing/index.html")
            .contains("After the fence")
    );
}

#[test]
fn three_errors_in_three_files_are_all_reported() {
    let site = TestSite::new();
    site.edit(
        "content/cases/wuxing.md",
        "region = \"zhejiang/huzhou/wuxing\"",
        "region = \"nowhere\"",
    );
    site.edit(
        "content/programs/pv-loan.md",
        "kind = \"loan-product\"",
        "kind = \"lone\"",
    );
    site.edit("content/pages/about.md", "weight = 1", "weight = \"first\"");
    let stderr = site.build_fails();
    assert!(stderr.contains("content/cases/wuxing.md:4:10"), "{stderr}");
    assert!(
        stderr.contains("content/programs/pv-loan.md:4:8"),
        "{stderr}"
    );
    assert!(stderr.contains("content/pages/about.md:3:10"), "{stderr}");
    assert!(stderr.contains("3 problems found"), "{stderr}");
}

#[test]
fn a_missing_or_unclosed_front_matter_is_reported() {
    let site = TestSite::new();
    site.write(
        "content/cases/open.md",
        "+++\ntitle = \"x\"\n\nNo closing fence.\n",
    );
    site.write("content/cases/none.md", "Just text.\n");
    site.write("content/cases/empty.md", "");
    let stderr = site.build_fails();
    assert!(
        stderr.contains("the front matter is never closed"),
        "{stderr}"
    );
    assert!(stderr.contains("content/cases/open.md:1:1"), "{stderr}");
    assert!(
        stderr.contains("the file does not start with front matter"),
        "{stderr}"
    );
    assert!(stderr.contains("the file is empty"), "{stderr}");
}

#[test]
fn duplicate_slugs_across_md_and_toml_are_reported() {
    let site = TestSite::new();
    site.write(
        "content/programs/pv-loan.toml",
        "title = \"Again\"\ninstitution = \"x\"\nkind = \"fund\"\nregion = \"zhejiang\"\nthemes = [\"village-collective-economy\"]\nsummary = \"s\"\nstart = 2020\n",
    );
    let stderr = site.build_fails();
    assert!(
        stderr.contains("two programs have the slug `pv-loan`"),
        "{stderr}"
    );
}

#[test]
fn bad_slugs_are_errors_never_paths() {
    let site = TestSite::new();
    site.edit(
        "content/cases/wuxing.md",
        "title = \"City",
        "slug = \"../../etc\"\ntitle = \"City",
    );
    site.write(
        "content/cases/Bad Name.md",
        &common::CASE.replace("programs = [\"pv-loan\"]\n", ""),
    );
    let stderr = site.build_fails();
    assert!(
        stderr.contains("`../../etc` is not a valid slug"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the file name `Bad Name` does not make a valid slug"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bad-name"),
        "a valid slug is suggested: {stderr}"
    );
}

#[test]
fn invalid_utf8_is_reported_with_its_position() {
    let site = TestSite::new();
    site.write_bytes(
        "content/cases/latin1.md",
        b"+++\ntitle = \"Caf\xe9\"\n+++\n",
    );
    let stderr = site.build_fails();
    assert!(stderr.contains("content/cases/latin1.md"), "{stderr}");
    assert!(
        stderr.contains("not valid UTF-8 (line 2, column 13)"),
        "{stderr}"
    );
}

#[test]
fn a_template_error_names_the_template_file_and_line() {
    let site = TestSite::new();
    site.write("templates/404.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ nothing_here }}\n{% endblock content %}\n");
    let stderr = site.build_fails();
    assert!(stderr.contains("templates/404.html:3:"), "{stderr}");
    assert!(stderr.contains("template error"), "{stderr}");
}

#[test]
fn a_template_error_and_a_static_file_over_a_page_are_reported_together() {
    let site = TestSite::new();
    site.write("templates/404.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ nothing_here }}\n{% endblock content %}\n");
    site.write("static/about/index.html", "mine");
    let stderr = site.build_fails();
    assert!(stderr.contains("templates/404.html:3:"), "{stderr}");
    assert!(
        stderr.contains("static/about/index.html would overwrite a page that Casebook makes"),
        "{stderr}"
    );
}

#[test]
fn a_failing_build_leaves_the_previous_output_intact() {
    let site = TestSite::new();
    site.build();
    let before = snapshot(&site.path("public"));
    site.edit(
        "content/cases/wuxing.md",
        "region = \"zhejiang/huzhou/wuxing\"",
        "region = \"nowhere\"",
    );
    site.build_fails();
    assert_eq!(before, snapshot(&site.path("public")));
    // And no temporary folder is left beside it.
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("casebook"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn usage_errors_exit_with_2() {
    let site = TestSite::new();
    site.casebook()
        .args(["build", "--no-such-flag"])
        .assert()
        .code(2);
    site.casebook().arg("frobnicate").assert().code(2);
}

#[test]
fn a_folder_without_site_toml_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("casebook")
        .unwrap()
        .arg("build")
        .arg(dir.path())
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8(out).unwrap();
    assert!(stderr.contains("no site.toml"), "{stderr}");
}
