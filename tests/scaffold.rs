//! `casebook new` and `casebook init`, and what a build prints: the real binary on
//! temporary folders.

mod common;

use std::fs;

use assert_cmd::Command;
use predicates::prelude::*;

use common::TestSite;

fn casebook() -> Command {
    let mut cmd = Command::cargo_bin("casebook").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Fills in the required fields that `casebook new` leaves empty.
fn fill(text: &str, fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .fold(text.to_string(), |text, (empty, filled)| {
            assert!(text.contains(empty), "`{empty}` is not in the new record");
            text.replacen(empty, filled, 1)
        })
}

#[test]
fn a_new_case_builds_once_its_required_fields_are_filled_in() {
    let site = TestSite::new();
    site.casebook()
        .args(["new", "case", "my-new-case"])
        .assert()
        .success()
        .stderr(predicate::str::contains("content/cases/my-new-case.md"));
    let text = site.read("content/cases/my-new-case.md");
    // Every field of the contract is there; the catalogs' keys are named beside them.
    for field in [
        "title",
        "date",
        "region",
        "themes",
        "summary",
        "recognition",
        "programs",
        "tags",
        "draft",
        "slug",
        "[extra]",
        "[[sources]]",
        "publisher",
        "url",
        "note",
        "[[indicators]]",
        "key",
        "value",
        "period",
        "kind",
    ] {
        assert!(text.contains(field), "no `{field}` in\n{text}");
    }
    assert!(text.contains("\"zhejiang/huzhou/wuxing\""), "{text}");
    assert!(text.contains("\"urban-rural-integration\""), "{text}");
    assert!(text.contains("\"village-income-avg\""), "{text}");
    assert!(text.contains("\"pv-loan\""), "{text}");

    // As written, the required fields are empty: the build says which.
    let errors = site.build_fails();
    assert!(errors.contains("content/cases/my-new-case.md"), "{errors}");

    site.write(
        "content/cases/my-new-case.md",
        &fill(
            &text,
            &[
                ("title = \"\"", "title = \"A new case\""),
                ("date = \"\"", "date = 2025-01-15"),
                ("region = \"\"", "region = \"zhejiang/huzhou\""),
                ("themes = []", "themes = [\"village-collective-economy\"]"),
                ("summary = \"\"", "summary = \"What happened.\""),
            ],
        ),
    );
    site.build();
    assert!(
        site.read("public/cases/my-new-case/index.html")
            .contains("A new case")
    );
}

#[test]
fn a_new_program_builds_once_its_required_fields_are_filled_in() {
    let site = TestSite::new();
    site.casebook()
        .args(["new", "program", "village-fund"])
        .assert()
        .success();
    let text = site.read("content/programs/village-fund.md");
    for field in [
        "institution",
        "kind",
        "start",
        "end",
        "status",
        "commitment",
        "partners",
        "eligibility",
        "contact",
        "apply_url",
        "[[milestones]]",
        "amount",
    ] {
        assert!(text.contains(field), "no `{field}` in\n{text}");
    }
    assert!(text.contains("credit-line"), "{text}");
    site.build_fails();
    site.write(
        "content/programs/village-fund.md",
        &fill(
            &text,
            &[
                ("title = \"\"", "title = \"Village fund\""),
                ("institution = \"\"", "institution = \"The district\""),
                ("kind = \"\"", "kind = \"fund\""),
                ("region = \"\"", "region = \"fujian\""),
                ("themes = []", "themes = [\"village-collective-economy\"]"),
                ("summary = \"\"", "summary = \"Money for villages.\""),
                ("start = \"\"", "start = \"2024-06\""),
            ],
        ),
    );
    site.build();
    assert!(
        site.read("public/programs/village-fund/index.html")
            .contains("Village fund")
    );
}

#[test]
fn new_refuses_to_overwrite_and_checks_the_slug() {
    let site = TestSite::new();
    let before = site.read("content/cases/wuxing.md");
    site.casebook()
        .args(["new", "case", "wuxing"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("refusing to overwrite"));
    assert_eq!(site.read("content/cases/wuxing.md"), before);
    site.write("content/programs/pv.toml", "");
    site.casebook()
        .args(["new", "program", "pv"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("pv.toml"));
    site.casebook()
        .args(["new", "case", "Wuxing Two"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("`wuxing-two`"));
    assert!(!site.path("content/cases/Wuxing Two.md").exists());
    // Not in a site: nothing is written.
    let empty = tempfile::tempdir().unwrap();
    casebook()
        .current_dir(empty.path())
        .args(["new", "case", "x"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no site.toml"));
    assert_eq!(fs::read_dir(empty.path()).unwrap().count(), 0);
}

#[test]
fn init_makes_a_site_that_builds_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("new-site");
    casebook().arg("init").arg(&site).assert().success();
    for path in [
        "site.toml",
        "content/regions.toml",
        "content/themes.toml",
        "content/indicators.toml",
    ] {
        assert!(site.join(path).is_file(), "{path}");
    }
    assert_eq!(fs::read_dir(site.join("content/cases")).unwrap().count(), 1);
    assert_eq!(
        fs::read_dir(site.join("content/programs")).unwrap().count(),
        1
    );
    assert_eq!(fs::read_dir(site.join("templates")).unwrap().count(), 0);
    assert_eq!(fs::read_dir(site.join("static")).unwrap().count(), 0);
    casebook()
        .arg("build")
        .arg(&site)
        .assert()
        .success()
        .stderr(predicate::str::contains("Built 1 cases, 1 programs"));
    assert!(
        site.join("public/cases/wuxing-city-leads-villages/index.html")
            .is_file()
    );
    // A record of its own builds too.
    casebook()
        .args(["new", "case", "second"])
        .arg(&site)
        .assert()
        .success();
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    casebook()
        .arg("init")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not empty"));
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn quiet_prints_only_problems_and_verbose_prints_the_steps() {
    let site = TestSite::new();
    site.casebook()
        .args(["build", "--quiet"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
    let verbose = site
        .casebook()
        .args(["build", "--verbose"])
        .assert()
        .success()
        .get_output()
        .stderr
        .clone();
    let verbose = String::from_utf8(verbose).unwrap();
    for step in ["load", "validate", "render", "write"] {
        assert!(verbose.contains(step), "no `{step}` in {verbose}");
    }
    assert!(verbose.contains("charts"), "{verbose}");
    // Not a terminal: plain lines, no progress bar drawing.
    assert!(
        !verbose.contains('\r') && !verbose.contains('\u{1b}'),
        "{verbose:?}"
    );
    site.edit(
        "content/cases/wuxing.md",
        "region = \"zhejiang/huzhou/wuxing\"",
        "region = \"nowhere\"",
    );
    site.casebook()
        .args(["build", "-q"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown region"));
}
