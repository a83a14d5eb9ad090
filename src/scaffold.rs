//! Scaffolding for editors: `casebook new case|program <slug>` writes a record with
//! every field of the content format (the optional ones commented out, the keys the
//! site's catalogs offer named beside the fields), and `casebook init <dir>` makes a
//! new site from a small built-in example that builds at once.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::diagnostics::Diagnostic;
use crate::model::{PROGRAM_KINDS, is_valid_slug, suggest_slug};

/// The starter site of `casebook init`.
static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/scaffold/starter");

const CASE: &str = include_str!("scaffold/case.md");
const PROGRAM: &str = include_str!("scaffold/program.md");

/// How many catalog keys a comment names before "…".
const HINTS: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    Case,
    Program,
}

/// Writes `content/cases/<slug>.md` (or programs) in the site at `site_dir`. Refuses an
/// invalid slug and a record that exists. Returns the file written.
pub fn new_record(site_dir: &Path, kind: Record, slug: &str) -> Result<PathBuf, Diagnostic> {
    if !is_valid_slug(slug) {
        let suggestion = suggest_slug(slug);
        let help = if suggestion.is_empty() {
            "use lowercase letters a-z, digits and -".to_string()
        } else {
            format!("use lowercase letters a-z, digits and -, e.g. `{suggestion}`")
        };
        return Err(Diagnostic::new(format!("`{slug}` is not a valid slug")).help(help));
    }
    if !site_dir.join("site.toml").is_file() {
        return Err(
            Diagnostic::new(format!("no site.toml in `{}`", site_dir.display())).help(
                "run this in a site's folder, or give it after the slug; \
                 `casebook init DIR` makes a new site",
            ),
        );
    }
    let folder = match kind {
        Record::Case => "content/cases",
        Record::Program => "content/programs",
    };
    let dir = site_dir.join(folder);
    for extension in ["md", "toml"] {
        let existing = dir.join(format!("{slug}.{extension}"));
        if existing.exists() {
            return Err(Diagnostic::new(format!(
                "refusing to overwrite `{}`: it exists",
                existing.display()
            ))
            .help("choose another slug, or edit the file that is there"));
        }
    }
    let text = fill(kind, slug, site_dir);
    let path = dir.join(format!("{slug}.md"));
    let failed = |e: io::Error| {
        Diagnostic::new(format!("cannot write `{}`: {e}", path.display()))
            .help("check that the folder exists and that you may write in it")
    };
    fs::create_dir_all(&dir).map_err(failed)?;
    // `create_new`: a file made meanwhile is not overwritten either.
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(failed)?;
    file.write_all(text.as_bytes()).map_err(failed)?;
    Ok(path)
}

/// The record's text, naming the keys the site's catalogs offer.
fn fill(kind: Record, slug: &str, site_dir: &Path) -> String {
    let template = match kind {
        Record::Case => CASE,
        Record::Program => PROGRAM,
    };
    let content = site_dir.join("content");
    let programs: Vec<String> = fs::read_dir(content.join("programs"))
        .map(|entries| {
            let mut slugs: Vec<String> = entries
                .flatten()
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    let stem = name.strip_suffix(".md").or(name.strip_suffix(".toml"))?;
                    Some(stem.to_string())
                })
                .filter(|s| !s.starts_with('.'))
                .collect();
            slugs.sort();
            slugs
        })
        .unwrap_or_default();
    let kinds: Vec<String> = PROGRAM_KINDS.iter().map(|k| k.to_string()).collect();
    template
        .replace("{SLUG}", slug)
        .replace(
            "{REGIONS}",
            &hint(&region_paths(&content.join("regions.toml"))),
        )
        .replace("{THEMES}", &hint(&keys(&content.join("themes.toml"))))
        .replace(
            "{INDICATORS}",
            &hint(&keys(&content.join("indicators.toml"))),
        )
        .replace("{PROGRAMS}", &hint(&programs))
        .replace("{KINDS}", &kinds.join(", "))
}

/// Keys as a comment shows them: the first few, quoted.
fn hint(keys: &[String]) -> String {
    if keys.is_empty() {
        return "(none yet)".to_string();
    }
    let mut shown: Vec<String> = keys
        .iter()
        .take(HINTS)
        .map(|k| format!("\"{k}\""))
        .collect();
    if keys.len() > HINTS {
        shown.push("…".to_string());
    }
    shown.join(", ")
}

fn table(path: &Path) -> Option<toml::Table> {
    fs::read_to_string(path).ok()?.parse().ok()
}

/// The top-level keys of a catalog.
fn keys(path: &Path) -> Vec<String> {
    table(path).map_or_else(Vec::new, |t| t.keys().cloned().collect())
}

/// Every region path of regions.toml, parents first.
fn region_paths(path: &Path) -> Vec<String> {
    fn walk(table: &toml::Table, prefix: &str, out: &mut Vec<String>) {
        for (key, value) in table {
            if key == "extra" {
                continue;
            }
            if let toml::Value::Table(child) = value {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}/{key}")
                };
                out.push(path.clone());
                walk(child, &path, out);
            }
        }
    }
    let mut out = Vec::new();
    if let Some(t) = table(path) {
        walk(&t, "", &mut out);
    }
    out
}

/// Makes a new site in `dir` (missing or empty). Returns how many files it wrote.
pub fn init(dir: &Path) -> Result<usize, Diagnostic> {
    let refuse = |why: &str| {
        Diagnostic::new(format!(
            "refusing to make a site in `{}`: {why}",
            dir.display()
        ))
        .help("give a new folder, or an empty one")
    };
    match fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(refuse("it is not empty"));
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) if dir.exists() => return Err(refuse(&format!("it cannot be read ({e})"))),
        Err(e) => return Err(refuse(&e.to_string())),
    }
    let failed = |path: &Path, e: io::Error| {
        Diagnostic::new(format!("cannot write `{}`: {e}", path.display()))
            .help("check that you may write there")
    };
    let mut files = Vec::new();
    collect(&STARTER, &mut files);
    for (relative, bytes) in &files {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| failed(parent, e))?;
        }
        fs::write(&path, bytes).map_err(|e| failed(&path, e))?;
    }
    for empty in ["templates", "static"] {
        let path = dir.join(empty);
        fs::create_dir_all(&path).map_err(|e| failed(&path, e))?;
    }
    Ok(files.len())
}

fn collect(dir: &'static Dir<'static>, out: &mut Vec<(PathBuf, &'static [u8])>) {
    for file in dir.files() {
        out.push((file.path().to_path_buf(), file.contents()));
    }
    for sub in dir.dirs() {
        collect(sub, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_name_the_first_keys() {
        let keys: Vec<String> = (1..=10).map(|i| format!("k{i}")).collect();
        assert_eq!(hint(&keys[..2]), "\"k1\", \"k2\"");
        assert!(hint(&keys).ends_with("\"k8\", …"));
        assert_eq!(hint(&[]), "(none yet)");
    }

    #[test]
    fn region_paths_follow_the_tree() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("regions.toml");
        fs::write(
            &path,
            "[zj]\nname = \"Z\"\n[zj.extra]\nx = 1\n[zj.hz]\nname = \"H\"\n[fj]\nname = \"F\"\n",
        )
        .unwrap();
        assert_eq!(region_paths(&path), ["fj", "zj", "zj/hz"]);
    }

    #[test]
    fn slugs_are_checked_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let err = new_record(dir.path(), Record::Case, "Wuxing Case").unwrap_err();
        assert!(err.message.contains("not a valid slug"), "{}", err.message);
        assert!(err.help.unwrap().contains("wuxing-case"));
        let err = new_record(dir.path(), Record::Case, "../x").unwrap_err();
        assert!(err.message.contains("not a valid slug"));
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn the_starter_has_the_catalogs_a_case_and_a_program() {
        let mut files = Vec::new();
        collect(&STARTER, &mut files);
        let names: Vec<String> = files
            .iter()
            .map(|(p, _)| p.to_string_lossy().replace('\\', "/"))
            .collect();
        for expected in [
            "site.toml",
            "content/regions.toml",
            "content/themes.toml",
            "content/indicators.toml",
        ] {
            assert!(names.iter().any(|n| n == expected), "{names:?}");
        }
        assert_eq!(
            names
                .iter()
                .filter(|n| n.starts_with("content/cases/"))
                .count(),
            1
        );
        assert_eq!(
            names
                .iter()
                .filter(|n| n.starts_with("content/programs/"))
                .count(),
            1
        );
    }
}
