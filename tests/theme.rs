//! The built-in theme in both of its languages: every label the templates and the code
//! use exists in en.toml and zh.toml, and the example site built with `language = "zh"`
//! shows no built-in English word, Chinese dates and money, and `lang="zh-CN"`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use common::example_site;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    out.sort();
    out
}

/// A translation file as `key` or `table.key` → text.
fn labels(lang: &str) -> BTreeMap<String, String> {
    let path = repo().join(format!("templates/i18n/{lang}.toml"));
    let table: toml::Table = toml::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    for (key, value) in table {
        match value {
            toml::Value::String(s) => {
                out.insert(key, s);
            }
            toml::Value::Table(t) => {
                for (k, v) in t {
                    out.insert(format!("{key}.{k}"), v.as_str().unwrap().to_string());
                }
            }
            other => panic!("{lang}.toml: `{key}` is {other:?}"),
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every `t.key` a template uses, with the file that uses it.
fn template_keys() -> BTreeMap<String, String> {
    let mut keys = BTreeMap::new();
    for file in files(&repo().join("templates"), "html") {
        let text = fs::read_to_string(&file).unwrap();
        let name = file.strip_prefix(repo()).unwrap().display().to_string();
        for (at, _) in text.match_indices("t.") {
            let before = text[..at].chars().next_back();
            if before.is_some_and(|c| is_ident(c) || c == '.') {
                continue;
            }
            let key: String = text[at + 2..]
                .chars()
                .take_while(|&c| is_ident(c))
                .collect();
            if !key.is_empty() {
                keys.entry(key).or_insert_with(|| name.clone());
            }
        }
    }
    keys
}

/// Every label the Rust code asks for by a literal key: `labels.get("key")` (or
/// `text`) and the tables of `labels.nested("table", …)` (or `nested_text`).
fn code_keys() -> (BTreeSet<String>, BTreeSet<String>) {
    let (mut flat, mut tables) = (BTreeSet::new(), BTreeSet::new());
    for file in files(&repo().join("src"), "rs") {
        let text = fs::read_to_string(&file).unwrap();
        // The unit tests of labels.rs ask for a missing key on purpose.
        let text = text.split("#[cfg(test)]").next().unwrap();
        for (call, is_table) in [
            ("labels.get(\"", false),
            ("labels.text(\"", false),
            ("labels.nested(\"", true),
            ("labels.nested_text(\"", true),
        ] {
            let set = if is_table { &mut tables } else { &mut flat };
            for (at, _) in text.match_indices(call) {
                let rest = &text[at + call.len()..];
                set.insert(rest[..rest.find('"').unwrap()].to_string());
            }
        }
    }
    (flat, tables)
}

fn has_cjk(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '\u{3000}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}'))
}

#[test]
fn every_label_the_theme_uses_is_in_both_languages() {
    let en = labels("en");
    let zh = labels("zh");
    let mut missing = Vec::new();
    for (key, file) in template_keys() {
        for (lang, set) in [("en", &en), ("zh", &zh)] {
            if !set.contains_key(&key) {
                missing.push(format!("{file} uses t.{key}, missing from {lang}.toml"));
            }
        }
    }
    let (flat, tables) = code_keys();
    assert!(flat.contains("records_unit") && tables.contains("statuses"));
    for key in flat {
        for (lang, set) in [("en", &en), ("zh", &zh)] {
            if !set.contains_key(&key) {
                missing.push(format!(
                    "the code asks for `{key}`, missing from {lang}.toml"
                ));
            }
        }
    }
    for table in tables {
        if !en.keys().any(|k| k.starts_with(&format!("{table}."))) {
            missing.push(format!(
                "the code asks for the table `{table}`, missing from en.toml"
            ));
        }
    }
    for key in en.keys() {
        if !zh.contains_key(key) {
            missing.push(format!("`{key}` is in en.toml, not in zh.toml"));
        }
    }
    for key in zh.keys() {
        if !en.contains_key(key) {
            missing.push(format!("`{key}` is in zh.toml, not in en.toml"));
        }
    }
    for (key, text) in &zh {
        if !has_cjk(text) {
            missing.push(format!("zh.toml: `{key}` = {text:?} is not Chinese"));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the example site with `language = "zh"` and no money_style, so that the
/// language's default (chinese) applies.
fn chinese_example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = example_site();
    for name in ["content", "templates", "static"] {
        if from.join(name).is_dir() {
            copy_dir(&from.join(name), &dir.path().join(name));
        }
    }
    let toml: String = fs::read_to_string(from.join("site.toml"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("language") && !l.starts_with("money_style"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(dir.path().join("site.toml"), toml + "language = \"zh\"\n").unwrap();
    dir
}

/// Visible text of a page: text between tags (scripts and styles left out) and the
/// attributes a person hears or reads.
fn visible_text(html: &str) -> Vec<String> {
    let mut html = html.to_string();
    for tag in ["script", "style"] {
        while let Some(start) = html.find(&format!("<{tag}")) {
            let end = html[start..]
                .find(&format!("</{tag}>"))
                .map_or(html.len(), |e| start + e + tag.len() + 3);
            html.replace_range(start..end, " ");
        }
    }
    let mut out = Vec::new();
    for chunk in html.split('<').skip(1) {
        let (tag, text) = chunk.split_once('>').unwrap_or((chunk, ""));
        out.push(text.to_string());
        for attr in ["aria-label=\"", "placeholder=\"", "alt=\"", "data-label-"] {
            for (at, _) in tag.match_indices(attr) {
                let rest = &tag[at..];
                let value = rest.split('"').nth(1).unwrap_or("");
                out.push(value.to_string());
            }
        }
    }
    out
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2)
        .map(str::to_ascii_lowercase)
}

#[test]
fn the_example_site_builds_in_chinese_with_no_english_label() {
    let site = chinese_example();
    let public = site.path().join("public");
    assert_cmd::Command::cargo_bin("casebook")
        .unwrap()
        .arg("build")
        .arg(site.path())
        .assert()
        .success();

    // Words the editors wrote may be English; the theme's may not.
    let mut content_words = BTreeSet::new();
    for file in walkdir::WalkDir::new(site.path().join("content"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .chain([site.path().join("site.toml")])
        .filter(|p| p.is_file())
    {
        let text = fs::read_to_string(file).unwrap();
        content_words.extend(words(&text));
    }
    // Entities of the escaped text, the generator's name, and what zh.toml itself
    // keeps in Latin letters (CSV, JSON).
    content_words.extend(["amp", "quot", "lt", "gt", "casebook"].map(String::from));
    content_words.extend(
        labels("zh")
            .values()
            .flat_map(|v| words(v).collect::<Vec<_>>()),
    );

    let pages = files(&public, "html");
    assert!(pages.len() > 50, "{} pages", pages.len());
    let mut english = BTreeMap::new();
    for page in &pages {
        let html = fs::read_to_string(page).unwrap();
        let rel = page.strip_prefix(&public).unwrap().display().to_string();
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"),
            "{rel} is not marked zh-CN"
        );
        for text in visible_text(&html) {
            // A label shortened with "…" ends in part of a word.
            let text = match text.rsplit_once('…') {
                Some((head, tail)) => head
                    .split('…')
                    .map(|part| part.trim_end_matches(|c: char| c.is_ascii_alphabetic()))
                    .chain([tail])
                    .collect::<Vec<_>>()
                    .join(" "),
                None => text,
            };
            // Addresses (the printed page's own, in the footer) are not words.
            let text: String = text
                .split_whitespace()
                .filter(|token| !token.starts_with("http://") && !token.starts_with("https://"))
                .collect::<Vec<_>>()
                .join(" ");
            for word in words(&text) {
                if !content_words.contains(&word) {
                    english
                        .entry(word)
                        .or_insert_with(|| format!("{rel}: {}", text.trim()));
                }
            }
        }
    }
    assert!(
        english.is_empty(),
        "English words the content does not have:\n{:#?}",
        english
    );

    let program =
        fs::read_to_string(public.join("programs/fuzhou-urban-rural-credit-line/index.html"))
            .unwrap();
    assert!(
        program.contains("3000亿元"),
        "chinese money style by default"
    );
    assert!(program.contains("2024年1月8日"), "Chinese full date");
    assert!(program.contains("承诺金额"), "Chinese label");
    let home = fs::read_to_string(public.join("index.html")).unwrap();
    assert!(home.contains("2024年"), "Chinese year");
    assert!(home.contains("最新案例"));
}
