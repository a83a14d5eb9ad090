//! Load: find and read every file of a site. Nothing is interpreted here beyond
//! decoding text; problems (unreadable files, invalid UTF-8, symlinks that loop or lead
//! out of the site) are collected as diagnostics, all of them.

pub mod frontmatter;

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceText};

/// How a record file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordFormat {
    /// `.md`: `+++` TOML front matter, then a Markdown body.
    Markdown,
    /// `.toml`: a record with no body.
    Toml,
}

/// One record file (case, program or page).
#[derive(Debug, Clone)]
pub struct RecordFile {
    pub source: SourceText,
    pub format: RecordFormat,
    /// The file name without its extension: the default slug.
    pub stem: String,
}

/// A file copied to the output as it is.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Path inside `static/`, with `/` separators.
    pub relative: String,
    pub absolute: PathBuf,
}

/// Every file of a site, read.
#[derive(Debug)]
pub struct SiteFiles {
    pub root: PathBuf,
    pub config: SourceText,
    pub regions: Option<SourceText>,
    pub themes: Option<SourceText>,
    pub indicators: Option<SourceText>,
    pub cases: Vec<RecordFile>,
    pub programs: Vec<RecordFile>,
    pub pages: Vec<RecordFile>,
    /// The site's own templates, by name relative to `templates/`.
    pub templates: Vec<(String, SourceText)>,
    pub static_files: Vec<StaticFile>,
}

/// Reads the site at `root`. Returns every problem found, not only the first.
pub fn load(root: &Path) -> Result<SiteFiles, Diagnostics> {
    let mut diags = Diagnostics::new();
    let root = match root.canonicalize() {
        Ok(r) if r.is_dir() => r,
        _ => {
            return Err(Diagnostic::new(format!(
                "`{}` is not a folder that can be read",
                root.display()
            ))
            .help("give the folder that holds site.toml, or run casebook inside it")
            .into());
        }
    };
    let reader = Reader { root: &root };

    let config_path = root.join("site.toml");
    let config = if config_path.is_file() {
        reader.read_inside(&config_path, &mut diags)
    } else {
        diags.push(
            Diagnostic::new(format!("no site.toml in `{}`", root.display()))
                .help("a Casebook site has a site.toml at its root; `casebook init DIR` makes one"),
        );
        None
    };
    let catalog = |name: &str, diags: &mut Diagnostics| {
        let path = root.join("content").join(name);
        path.is_file()
            .then(|| reader.read_inside(&path, diags))
            .flatten()
    };
    let regions = catalog("regions.toml", &mut diags);
    let themes = catalog("themes.toml", &mut diags);
    let indicators = catalog("indicators.toml", &mut diags);

    let cases = reader.records("content/cases", &["md", "toml"], &mut diags);
    let programs = reader.records("content/programs", &["md", "toml"], &mut diags);
    let pages = reader.records("content/pages", &["md"], &mut diags);

    let mut templates = Vec::new();
    for path in reader.walk("templates", &mut diags) {
        if let Some(text) = reader.read_text(&path, &mut diags) {
            let name = relative_slash(&root.join("templates"), &path);
            templates.push((name, text));
        }
    }
    let static_dir = root.join("static");
    let static_files = reader
        .walk("static", &mut diags)
        .into_iter()
        .map(|absolute| StaticFile {
            relative: relative_slash(&static_dir, &absolute),
            absolute,
        })
        .collect();

    match config {
        Some(config) if diags.is_empty() => Ok(SiteFiles {
            root,
            config,
            regions,
            themes,
            indicators,
            cases,
            programs,
            pages,
            templates,
            static_files,
        }),
        _ => Err(diags),
    }
}

/// Reads one case or program file again, as [`load`] reads it: `casebook serve` reads
/// only the files that changed. `root` is the site's folder, as [`SiteFiles::root`]
/// gives it; `dir` is `content/cases` or `content/programs`.
pub fn record_file(root: &Path, dir: &str, path: &Path) -> Result<RecordFile, Diagnostics> {
    let mut diags = Diagnostics::new();
    Reader { root }
        .record(dir, &["md", "toml"], path, &mut diags)
        .ok_or(diags)
}

struct Reader<'a> {
    root: &'a Path,
}

impl Reader<'_> {
    /// The path as the editor knows it: relative to the site root.
    fn display_path(&self, path: &Path) -> PathBuf {
        path.strip_prefix(self.root).unwrap_or(path).to_path_buf()
    }

    /// Every regular file under `root/dir`, sorted, following symlinks only while
    /// they stay inside the site. Loops and escaping links are reported.
    fn walk(&self, dir: &str, diags: &mut Diagnostics) -> Vec<PathBuf> {
        let base = self.root.join(dir);
        if !base.exists() {
            return Vec::new();
        }
        // A folder such as content/ may itself be a link: it must stay inside too.
        if !self.is_inside(&base) {
            self.escaping_link(&base, diags);
            return Vec::new();
        }
        let mut files = Vec::new();
        let mut escaping = Vec::new();
        let walker = WalkDir::new(&base)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                if !entry.path_is_symlink() {
                    return true;
                }
                let inside = self.is_inside(entry.path());
                if !inside {
                    escaping.push(entry.path().to_path_buf());
                }
                inside
            });
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_file() => {
                    let name = entry.file_name().to_string_lossy();
                    if !is_ignored(&name) {
                        files.push(entry.into_path());
                    }
                }
                Ok(_) => {}
                Err(err) => {
                    let path = err
                        .path()
                        .map(|p| self.display_path(p))
                        .unwrap_or_else(|| PathBuf::from(dir));
                    let message = if err.loop_ancestor().is_some() {
                        "this symbolic link makes a loop: it is not followed".to_string()
                    } else {
                        format!("cannot read this folder: {}", io_reason(&err))
                    };
                    diags.push(
                        Diagnostic::in_file(message, path)
                            .help("remove the link, or point it at a folder inside the site"),
                    );
                }
            }
        }
        for path in escaping {
            self.escaping_link(&path, diags);
        }
        files
    }

    /// Whether `path`, with every link in it resolved, is inside the site.
    fn is_inside(&self, path: &Path) -> bool {
        path.canonicalize()
            .is_ok_and(|target| target.starts_with(self.root))
    }

    fn escaping_link(&self, path: &Path, diags: &mut Diagnostics) {
        diags.push(
            Diagnostic::in_file(
                "this symbolic link leads outside the site: it is not followed",
                self.display_path(path),
            )
            .help("copy the file into the site instead of linking to it"),
        );
    }

    /// Reads a file the site names by path (site.toml, a catalog): as [`Reader::read_text`],
    /// but a link that leads outside the site is reported, never read.
    fn read_inside(&self, path: &Path, diags: &mut Diagnostics) -> Option<SourceText> {
        if !self.is_inside(path) {
            self.escaping_link(path, diags);
            return None;
        }
        self.read_text(path, diags)
    }

    /// The records of `dir`, read in parallel (a large site's load is mostly reading
    /// and decoding), in the walk's order.
    fn records(&self, dir: &str, extensions: &[&str], diags: &mut Diagnostics) -> Vec<RecordFile> {
        let read: Vec<(Option<RecordFile>, Diagnostics)> = self
            .walk(dir, diags)
            .into_par_iter()
            .map(|path| {
                let mut problems = Diagnostics::new();
                let record = self.record(dir, extensions, &path, &mut problems);
                (record, problems)
            })
            .collect();
        read.into_iter()
            .filter_map(|(record, problems)| {
                diags.extend(problems);
                record
            })
            .collect()
    }

    fn record(
        &self,
        dir: &str,
        extensions: &[&str],
        path: &Path,
        diags: &mut Diagnostics,
    ) -> Option<RecordFile> {
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let format = match extension {
            "md" if extensions.contains(&"md") => RecordFormat::Markdown,
            "toml" if extensions.contains(&"toml") => RecordFormat::Toml,
            _ => {
                let expected = extensions
                    .iter()
                    .map(|e| format!("`.{e}`"))
                    .collect::<Vec<_>>()
                    .join(" or ");
                diags.push(
                    Diagnostic::in_file(
                        format!("`{dir}` holds a file that is not a record"),
                        self.display_path(path),
                    )
                    .help(format!(
                        "records are {expected} files; move other files to static/"
                    )),
                );
                return None;
            }
        };
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let source = self.read_text(path, diags)?;
        Some(RecordFile {
            source,
            format,
            stem,
        })
    }

    /// Reads a file as UTF-8 text, without a BOM and with `\n` line ends.
    fn read_text(&self, path: &Path, diags: &mut Diagnostics) -> Option<SourceText> {
        let shown = self.display_path(path);
        let bytes = match fs::read(path) {
            Ok(bytes) => bytes,
            Err(err) => {
                diags.push(
                    Diagnostic::in_file(format!("cannot read this file: {err}"), shown)
                        .help("check that the file exists and that you may read it"),
                );
                return None;
            }
        };
        match decode(bytes) {
            Ok(text) => Some(SourceText::new(shown, text)),
            Err((line, column)) => {
                diags.push(
                    Diagnostic::in_file(
                        format!("this file is not valid UTF-8 (line {line}, column {column})"),
                        shown,
                    )
                    .help("save the file as UTF-8 in your editor"),
                );
                None
            }
        }
    }
}

/// Decodes UTF-8, dropping a BOM and turning CRLF into LF. On failure, the line and
/// column (1-based) of the first invalid byte.
pub fn decode(mut bytes: Vec<u8>) -> Result<String, (usize, usize)> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    let text = String::from_utf8(bytes).map_err(|err| {
        let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1;
        (line, column)
    })?;
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    })
}

/// Editor leftovers that are not content: hidden files and backups.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~')
}

fn relative_slash(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn io_reason(err: &walkdir::Error) -> String {
    err.io_error()
        .map_or_else(|| err.to_string(), |e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_drops_bom_and_crlf() {
        let text = decode(b"\xEF\xBB\xBF+++\r\na = 1\r\n+++\r\n".to_vec()).unwrap();
        assert_eq!(text, "+++\na = 1\n+++\n");
    }

    #[test]
    fn decode_reports_position_of_invalid_bytes() {
        assert_eq!(decode(b"ok\nab\xFFc".to_vec()), Err((2, 3)));
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_site_are_never_read_even_for_named_files() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret.toml"), "secret = \"s3cr3t\"\n").unwrap();
        fs::create_dir_all(outside.path().join("content/cases")).unwrap();
        let site = tempfile::tempdir().unwrap();
        symlink(
            outside.path().join("secret.toml"),
            site.path().join("site.toml"),
        )
        .unwrap();
        symlink(outside.path().join("content"), site.path().join("content")).unwrap();
        let diags = load(site.path()).unwrap_err();
        let shown: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        for (d, path) in shown.iter().zip(["site.toml", "content/cases"]) {
            assert!(d.contains("leads outside the site"), "{d}");
            assert!(d.contains(path), "{d}");
            assert!(!d.contains("s3cr3t"), "{d}");
        }
    }

    #[test]
    fn hidden_and_backup_files_are_ignored() {
        assert!(is_ignored(".DS_Store"));
        assert!(is_ignored("case.md~"));
        assert!(!is_ignored("case.md"));
    }
}
