//! `casebook bench-site`: the synthetic site is valid (it builds with the real binary),
//! realistic enough to exercise every feature, and byte-for-byte deterministic.

mod common;

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use common::snapshot;

fn casebook() -> Command {
    let mut cmd = Command::cargo_bin("casebook").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

fn generate(out: &Path, seed: &str, hugo: Option<&Path>) {
    let mut cmd = casebook();
    cmd.args([
        "bench-site",
        "--cases",
        "20",
        "--programs",
        "3",
        "--seed",
        seed,
        "-o",
    ])
    .arg(out);
    if let Some(hugo) = hugo {
        cmd.arg("--hugo").arg(hugo);
    }
    cmd.assert().success();
}

/// The Markdown body of a record file: what follows the closing `+++`.
fn body(text: &str) -> &str {
    let after_open = text.strip_prefix("+++\n").unwrap();
    let close = after_open.find("\n+++\n").unwrap();
    after_open[close + 5..].trim_start()
}

#[test]
fn the_generated_site_builds_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let hugo = dir.path().join("hugo");
    generate(&site, "1", Some(&hugo));

    let cases: Vec<String> = fs::read_dir(site.join("content/cases"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(cases.len(), 20);
    assert_eq!(
        fs::read_dir(site.join("content/programs")).unwrap().count(),
        3
    );

    let out = dir.path().join("out");
    let assert = casebook()
        .arg("build")
        .arg(&site)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("Built 20 cases, 3 programs"), "{stderr}");

    // Every case has its page, with the body's table and its Chinese section.
    for file in &cases {
        let slug = file.strip_suffix(".md").unwrap();
        let page = fs::read_to_string(out.join(format!("cases/{slug}/index.html"))).unwrap();
        assert!(page.contains("<table>"), "{slug}");
        assert!(page.contains("经验做法"), "{slug}");
    }
    // About 30 provinces with their cities and districts.
    let provinces = fs::read_to_string(site.join("content/regions.toml"))
        .unwrap()
        .matches("\nlevel = \"province\"")
        .count();
    assert!(provinces >= 20, "{provinces} provinces");

    // Hugo gets the same cases, with the same bodies, and a theme to render them.
    assert!(hugo.join("hugo.toml").is_file());
    assert!(hugo.join("layouts/single.html").is_file());
    for file in &cases {
        let ours = fs::read_to_string(site.join("content/cases").join(file)).unwrap();
        let theirs = fs::read_to_string(hugo.join("content/cases").join(file)).unwrap();
        assert_eq!(body(&ours), body(&theirs), "{file}");
        assert!(theirs.contains("\nregions = ["), "{file}");
    }
}

#[test]
fn generation_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("c"),
    );
    generate(&a, "7", None);
    generate(&b, "7", None);
    generate(&c, "8", None);
    let first = snapshot(&a);
    assert!(first.len() > 20);
    assert!(first == snapshot(&b), "two runs with one seed differ");
    assert!(first != snapshot(&c), "another seed gives the same site");
}

#[test]
fn a_folder_that_is_not_empty_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("precious.txt"), "keep me").unwrap();
    let assert = casebook()
        .args(["bench-site", "--cases", "2", "-o"])
        .arg(dir.path())
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("is not empty"), "{stderr}");
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "nothing was written");
    assert_eq!(
        fs::read_to_string(dir.path().join("precious.txt")).unwrap(),
        "keep me"
    );
}
