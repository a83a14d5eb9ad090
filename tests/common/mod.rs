//! A small valid site in a temp folder, to be changed by each test, and helpers to run
//! the real `casebook` binary on it.
#![allow(dead_code)] // each test file uses a different part of this module

pub mod html;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub struct TestSite {
    pub dir: tempfile::TempDir,
}

pub const SITE_TOML: &str = r#"title = "Test Cases"
base_url = "https://example.org/"
description = "A site for tests"
"#;

pub const REGIONS: &str = r#"[zhejiang]
name = "Zhejiang Province"
level = "province"
alt_names = ["浙江省"]
[zhejiang.huzhou]
name = "Huzhou"
level = "city"
[zhejiang.huzhou.wuxing]
name = "Wuxing District"
level = "district"
[fujian]
name = "Fujian Province"
level = "province"
"#;

pub const THEMES: &str = r#"[urban-rural-integration]
label = "Urban-rural integration"
description = "Cities and villages growing together."
[village-collective-economy]
label = "Village collective economy"
"#;

pub const INDICATORS: &str = r#"[village-income-avg]
label = "Average operating income per village"
unit = "yuan"
aggregate = "mean"
[villages-reached]
label = "Villages reached"
unit = "villages"
aliases = ["village", "个村"]
aggregate = "sum"
"#;

pub const CASE: &str = r#"+++
title = "City leads villages in Wuxing"
date = 2024-03-01
region = "zhejiang/huzhou/wuxing"
themes = ["urban-rural-integration"]
summary = "Villages bought property together."
recognition = "Typical case of the demonstration zone"
programs = ["pv-loan"]
tags = ["Photovoltaic", "光伏"]

[[sources]]
title = "Wuxing case selected"
publisher = "Huzhou Today"
url = "https://example.org/article"

[[indicators]]
key = "village-income-avg"
value = "1.371 million yuan"
period = 2023

[[indicators]]
key = "villages-reached"
value = 23
period = 2018
kind = "baseline"
+++

## How it worked

Villages formed companies.
"#;

pub const PROGRAM: &str = r#"+++
title = "Photovoltaic loan"
institution = "Huzhou banks"
kind = "loan-product"
region = "zhejiang/huzhou/wuxing"
themes = ["village-collective-economy"]
summary = "Whole-village credit for solar power stations."
start = "2020-06"
commitment = "nearly 100 million yuan"

[[milestones]]
date = 2024
title = "Twenty villages credited"
amount = "20 villages"
+++

Body of the program.
"#;

pub const PAGE: &str = r#"+++
title = "About"
weight = 1
+++

About this site.
"#;

impl TestSite {
    /// A complete, valid site: one case, one program, one page.
    pub fn new() -> TestSite {
        let site = TestSite {
            dir: tempfile::tempdir().unwrap(),
        };
        site.write("site.toml", SITE_TOML);
        site.write("content/regions.toml", REGIONS);
        site.write("content/themes.toml", THEMES);
        site.write("content/indicators.toml", INDICATORS);
        site.write("content/cases/wuxing.md", CASE);
        site.write("content/programs/pv-loan.md", PROGRAM);
        site.write("content/pages/about.md", PAGE);
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }

    /// Replaces `from` by `to` in a file; the text must be there.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = fs::read_to_string(self.path(rel)).unwrap();
        assert!(text.contains(from), "`{from}` not in {rel}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn casebook(&self) -> Command {
        let mut cmd = Command::cargo_bin("casebook").unwrap();
        cmd.current_dir(self.root()).env("NO_COLOR", "1");
        cmd
    }

    /// `casebook build` in the site; asserts success.
    pub fn build(&self) {
        self.casebook().arg("build").assert().success();
    }

    /// `casebook build` expected to fail; returns stderr.
    pub fn build_fails(&self) -> String {
        let out = self
            .casebook()
            .arg("build")
            .assert()
            .code(1)
            .get_output()
            .stderr
            .clone();
        String::from_utf8(out).unwrap()
    }
}

/// Every file under `dir`, relative path → bytes, sorted.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, fs::read(e.path()).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// The repository's own example site.
pub fn example_site() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
