//! Watching a site's files: site.toml, content/, templates/ and static/. Each change is
//! sorted into what it asks of the build: the record files of cases and programs build
//! incrementally; anything else builds the whole site again.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::session::Kind;

/// The folders watched, with the site itself (for site.toml).
const FOLDERS: [&str; 3] = ["content", "templates", "static"];

/// What a changed file asks of the build.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Work {
    /// A case or program file, by its path in the site.
    Record(Kind, PathBuf),
    /// Build the whole site.
    Full,
}

/// Starts watching the site at `root` (canonical); each batch of changed paths (in the
/// site) goes to `tx`. The watching stops when the watcher is dropped.
pub fn watch(root: &Path, tx: Sender<Vec<PathBuf>>) -> notify::Result<RecommendedWatcher> {
    let base = root.to_path_buf();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        if matches!(event.kind, EventKind::Access(_) | EventKind::Other) {
            return;
        }
        let paths: Vec<PathBuf> = event
            .paths
            .iter()
            .filter_map(|p| p.strip_prefix(&base).ok().map(Path::to_path_buf))
            .collect();
        if !paths.is_empty() {
            // The build loop is gone only when serve stops.
            let _ = tx.send(paths);
        }
    })?;
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    watch_folders(&mut watcher, root)?;
    Ok(watcher)
}

/// Watches the site's folders that exist (again, after one was made).
pub fn watch_folders(watcher: &mut RecommendedWatcher, root: &Path) -> notify::Result<()> {
    for folder in FOLDERS {
        let path = root.join(folder);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    Ok(())
}

/// What a changed path (in the site at `root`) asks of the build, if anything.
pub fn classify(root: &Path, path: &Path) -> Option<Work> {
    let parts: Vec<&str> = path
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str().unwrap_or("\u{0}"),
            _ => "\u{0}",
        })
        .collect();
    let name = *parts.last()?;
    // Editors' leftovers are not content (as the loader has it).
    if name.starts_with('.') || name.ends_with('~') {
        return None;
    }
    let absolute = root.join(path);
    match parts.as_slice() {
        ["site.toml"] => Some(Work::Full),
        [folder, ..] if FOLDERS[1..].contains(folder) => Some(Work::Full),
        ["content"] => Some(Work::Full),
        [
            "content",
            "regions.toml" | "themes.toml" | "indicators.toml" | "pages",
        ] => Some(Work::Full),
        ["content", "pages", ..] => Some(Work::Full),
        ["content", dir @ ("cases" | "programs"), _, ..] => {
            let kind = if *dir == "cases" {
                Kind::Case
            } else {
                Kind::Program
            };
            let record = name.ends_with(".md") || name.ends_with(".toml");
            let meta = std::fs::symlink_metadata(&absolute);
            match meta {
                // A link or a folder: the loader's rules for them apply.
                Ok(m) if m.file_type().is_symlink() || m.is_dir() => Some(Work::Full),
                _ if record => Some(Work::Record(kind, path.to_path_buf())),
                // A file that is not a record is an error the loader reports.
                Ok(_) => Some(Work::Full),
                // A folder removed, or an editor's temporary file already gone.
                Err(_) => None,
            }
        }
        ["content", "cases" | "programs"] => Some(Work::Full),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn records_build_incrementally_and_the_rest_in_full() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("content/cases/sub")).unwrap();
        fs::write(root.join("content/cases/notes.txt"), "x").unwrap();
        let c = |p: &str| classify(root, Path::new(p));
        assert_eq!(
            c("content/cases/a.md"),
            Some(Work::Record(Kind::Case, "content/cases/a.md".into()))
        );
        assert_eq!(
            c("content/programs/p.toml"),
            Some(Work::Record(
                Kind::Program,
                "content/programs/p.toml".into()
            ))
        );
        assert_eq!(c("site.toml"), Some(Work::Full));
        assert_eq!(c("content/themes.toml"), Some(Work::Full));
        assert_eq!(c("content/pages/about.md"), Some(Work::Full));
        assert_eq!(c("templates/case.html"), Some(Work::Full));
        assert_eq!(c("static/logo.svg"), Some(Work::Full));
        assert_eq!(c("content/cases/sub"), Some(Work::Full));
        assert_eq!(c("content/cases/notes.txt"), Some(Work::Full));
        // Gone and not a record: an editor's temporary file.
        assert_eq!(c("content/cases/4913"), None);
        assert_eq!(c("content/cases/.a.md.swp"), None);
        assert_eq!(c("content/cases/a.md~"), None);
        assert_eq!(c("public/index.html"), None);
        assert_eq!(c("README.md"), None);
    }
}
