//! Write: put the rendered site on disk without ever losing the last good one.
//!
//! The site is written into a temporary folder beside the output, page by page as it
//! is rendered, then swapped in. Before anything is written, the output folder is checked: Casebook refuses to
//! replace the site itself, its sources, a parent of them, or a folder it did not make.

mod leftovers;

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::render::{Fill, Sink};

/// The file that marks a folder as Casebook's output, safe to replace.
pub const MARKER: &str = ".casebook-output";

/// Checks that `output` may be replaced by a build of the site at `site_root`.
/// Returns the output as an absolute path.
pub fn check_output(site_root: &Path, output: &Path, force: bool) -> Result<PathBuf, Diagnostic> {
    let output = absolute(output)
        .map_err(|e| Diagnostic::new(format!("cannot resolve the output folder: {e}")))?;
    let site_root = absolute(site_root)
        .map_err(|e| Diagnostic::new(format!("cannot resolve the site folder: {e}")))?;
    let refuse = |why: String| {
        Diagnostic::new(format!(
            "refusing to write the site into `{}`: {why}",
            output.display()
        ))
        .help("choose another output folder with -o, e.g. `-o public`")
    };
    if fs::symlink_metadata(&output).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(refuse("it is a symbolic link".into()));
    }
    // Resolve links in the parents, so that two spellings of one folder compare equal.
    let resolved = resolve_existing_prefix(&output);
    let site = site_root.canonicalize().unwrap_or(site_root.clone());
    if output.parent().is_none() || resolved.parent().is_none() {
        return Err(refuse("it is the root of the file system".into()));
    }
    if site.starts_with(&resolved) {
        return Err(refuse("it holds the site itself".into()));
    }
    for source in ["content", "templates", "static"] {
        if resolved.starts_with(site.join(source)) {
            return Err(refuse(format!("it is inside the site's {source}/ folder")));
        }
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if home.canonicalize().is_ok_and(|h| h.starts_with(&resolved)) {
            return Err(refuse("it holds your home folder".into()));
        }
    }
    match fs::metadata(&output) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(output),
        Err(e) => Err(refuse(format!("it cannot be read ({e})"))),
        Ok(m) if !m.is_dir() => Err(refuse("it is a file, not a folder".into())),
        Ok(_) => {
            let empty = fs::read_dir(&output)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if empty || output.join(MARKER).is_file() || force {
                Ok(output)
            } else {
                Err(Diagnostic::new(format!(
                    "refusing to replace `{}`: it is not empty and Casebook did not make it",
                    output.display()
                ))
                .help("choose another folder with -o, or pass --force to replace its contents"))
            }
        }
    }
}

/// A new site being written into a fresh temporary folder beside the output, file by
/// file as the pages are rendered (so that the site is never held in memory whole).
/// [`Staging::finish`] swaps it in; dropped before, it is removed and the output is
/// untouched.
pub struct Staging {
    dir: tempfile::TempDir,
    output: PathBuf,
    /// The folders made so far, relative to `dir`.
    folders: Mutex<HashSet<PathBuf>>,
}

fn io_error(what: &str, path: &Path, e: io::Error) -> Diagnostic {
    Diagnostic::new(format!("cannot {what} `{}`: {e}", path.display()))
        .help("check free disk space and permissions; the previous site was left as it was")
}

impl Staging {
    /// Makes the temporary folder for a new site at `output`.
    pub fn new(output: &Path) -> Result<Staging, Diagnostic> {
        let parent = output.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(|e| io_error("create the folder", parent, e))?;
        // The new site is made beside the output and the old one removed: both folders
        // must be writable, or the old site could not be cleared away afterwards.
        for folder in [parent, output] {
            if folder.exists() {
                writable(folder).map_err(|e| {
                    Diagnostic::new(format!(
                        "cannot write the site: `{}` is not writable ({e})",
                        folder.display()
                    ))
                    .help("make it writable, or choose another output folder with -o; the previous site was left as it was")
                })?;
            }
        }
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // A build killed on its way (SIGKILL, power cut) leaves its folders beside the
        // output: they go now.
        leftovers::remove_stale(parent, &name);
        let dir = tempfile::Builder::new()
            .prefix(&leftovers::new_prefix(&name))
            .tempdir_in(parent)
            .map_err(|e| io_error("create a temporary folder in", parent, e))?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            folders: Mutex::default(),
        })
    }

    /// Where the file at `path` (relative, `/`-separated) goes, its folder made.
    fn target(&self, path: &str) -> Result<PathBuf, Diagnostic> {
        let relative = safe_relative(Path::new(path))?;
        if let Some(folder) = relative.parent().filter(|f| !f.as_os_str().is_empty()) {
            // Most folders hold several files (a page and its JSON, a list's pages):
            // each is made once, not asked for again with two system calls per file.
            // Two threads may both make a new folder, which is harmless; a folder is
            // only counted as made once it exists.
            let made = || self.folders.lock().unwrap_or_else(|e| e.into_inner());
            if !made().contains(folder) {
                let full = self.dir.path().join(folder);
                fs::create_dir_all(&full).map_err(|e| io_error("create the folder", &full, e))?;
                made().insert(folder.to_path_buf());
            }
        }
        Ok(self.dir.path().join(relative))
    }

    /// Marks the folder as Casebook's and puts it in place of the output.
    pub fn finish(self) -> Result<(), Diagnostic> {
        let marker = self.dir.path().join(MARKER);
        fs::write(
            &marker,
            "This folder is made by Casebook; it is replaced on every build.\n",
        )
        .map_err(|e| io_error("write", &marker, e))?;
        swap_in(self.dir, &self.output)
    }
}

impl Sink for Staging {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        let target = self.target(&path)?;
        fs::write(&target, bytes).map_err(|e| io_error("write", &target, e))
    }

    fn copy(&self, path: String, from: &Path) -> Result<(), Diagnostic> {
        let target = self.target(&path)?;
        fs::copy(from, &target)
            .map(|_| ())
            .map_err(|e| io_error("copy", from, e))
    }

    fn stream(&self, path: String, fill: &mut Fill<'_>) -> Result<(), Diagnostic> {
        let target = self.target(&path)?;
        let mut write = || -> io::Result<()> {
            let mut file = io::BufWriter::with_capacity(1 << 20, fs::File::create(&target)?);
            fill(&mut file)?;
            file.into_inner().map_err(io::IntoInnerError::into_error)?;
            Ok(())
        };
        write().map_err(|e| io_error("write", &target, e))
    }
}

/// Puts the finished folder in place of the output. Where the system can, the two
/// are exchanged in one step, so that the output is at every instant either the whole
/// previous site or the whole new one, even if the build is killed. Elsewhere the old
/// output is moved aside first and removed only once the new one is in place.
fn swap_in(staging: tempfile::TempDir, output: &Path) -> Result<(), Diagnostic> {
    let parent = output.parent().unwrap_or(Path::new("."));
    let fail = |e: io::Error| {
        Diagnostic::new(format!(
            "cannot put the new site in place at `{}`: {e}",
            output.display()
        ))
        .help("the previous site was left as it was")
    };
    if output.exists() && exchange(staging.path(), output)? {
        // `staging` now holds the previous site: it is deleted (what is left, if
        // anything, goes when `staging` is dropped).
        remove_in_parallel(staging.path());
        return Ok(());
    }
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let old = if output.exists() {
        let aside = tempfile::Builder::new()
            .prefix(&leftovers::old_prefix(&name))
            .tempdir_in(parent)
            .map_err(fail)?;
        let aside_path = aside.path().join("site");
        fs::rename(output, &aside_path).map_err(fail)?;
        Some((aside, aside_path))
    } else {
        None
    };
    let staging_path = staging.keep();
    if let Err(e) = fs::rename(&staging_path, output) {
        // Put the old site back, and drop the new one.
        if let Some((_, aside_path)) = &old {
            let _ = fs::rename(aside_path, output);
        }
        let _ = fs::remove_dir_all(&staging_path);
        return Err(fail(e));
    }
    // `old` is dropped here: the previous site, moved aside, is deleted.
    drop(old);
    Ok(())
}

/// Removes what is in `folder`, its entries in parallel: the previous site of a large
/// build is hundreds of thousands of files. Errors are left to the caller's clean-up.
fn remove_in_parallel(folder: &Path) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    let entries: Vec<fs::DirEntry> = entries.flatten().collect();
    entries.par_iter().for_each(|entry| {
        let path = entry.path();
        let _ = match entry.file_type() {
            Ok(t) if t.is_dir() => remove_in_parallel_dir(&path),
            _ => fs::remove_file(&path),
        };
    });
}

fn remove_in_parallel_dir(dir: &Path) -> io::Result<()> {
    remove_in_parallel(dir);
    fs::remove_dir(dir)
}

/// Whether this process may create and remove entries in `folder` (a read-only file
/// system or a folder without write permission says no; root may write anywhere).
#[cfg(unix)]
fn writable(folder: &Path) -> io::Result<()> {
    rustix::fs::access(folder, rustix::fs::Access::WRITE_OK).map_err(io::Error::from)
}

#[cfg(not(unix))]
fn writable(folder: &Path) -> io::Result<()> {
    if fs::metadata(folder)?.permissions().readonly() {
        Err(io::Error::from(io::ErrorKind::PermissionDenied))
    } else {
        Ok(())
    }
}

/// Exchanges two folders in one step (Linux `renameat2(RENAME_EXCHANGE)`). `false`
/// where the system or the file system cannot, so that the caller swaps another way.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(staging: &Path, output: &Path) -> Result<bool, Diagnostic> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, staging, CWD, output, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => Ok(false),
        Err(e) => Err(Diagnostic::new(format!(
            "cannot put the new site in place at `{}`: {}",
            output.display(),
            io::Error::from(e)
        ))
        .help("the previous site was left as it was")),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_staging: &Path, _output: &Path) -> Result<bool, Diagnostic> {
    Ok(false)
}

/// Output paths come from validated slugs; this is the last guard that none of them
/// can climb out of the output folder.
fn safe_relative(path: &Path) -> Result<&Path, Diagnostic> {
    if path.components().all(|c| matches!(c, Component::Normal(_))) {
        Ok(path)
    } else {
        Err(Diagnostic::new(format!(
            "internal error: output path `{}` is not inside the output folder",
            path.display()
        )))
    }
}

fn absolute(path: &Path) -> io::Result<PathBuf> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    // Remove `.` and `..` lexically; links are resolved separately.
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Ok(out)
}

/// The path with its longest existing prefix canonicalized.
fn resolve_existing_prefix(path: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut current = path.to_path_buf();
    loop {
        if let Ok(c) = current.canonicalize() {
            return rest
                .iter()
                .rev()
                .fold(c, |acc: PathBuf, part| acc.join(part));
        }
        match (
            current.file_name().map(|n| n.to_os_string()),
            current.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                current = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `files` (path, text) as a site at `output`.
    fn write_site(output: &Path, files: &[(&str, &str)]) -> Result<(), Diagnostic> {
        let staging = Staging::new(output)?;
        for (path, text) in files {
            staging.put(path.to_string(), text.as_bytes().to_vec())?;
        }
        staging.finish()
    }

    #[test]
    fn refuses_dangerous_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir_all(site.join("content")).unwrap();
        assert!(check_output(&site, &site, false).is_err());
        assert!(check_output(&site, dir.path(), true).is_err());
        assert!(check_output(&site, &site.join("content"), true).is_err());
        assert!(check_output(&site, &site.join("content/x"), true).is_err());
        assert!(check_output(&site, Path::new("/"), true).is_err());
        assert!(check_output(&site, &site.join("public"), false).is_ok());
    }

    #[test]
    fn refuses_a_foreign_folder_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("precious.txt"), "x").unwrap();
        let err = check_output(dir.path(), &out, false).unwrap_err();
        assert!(err.message.contains("did not make it"), "{}", err.message);
        assert!(check_output(dir.path(), &out, true).is_ok());
    }

    #[test]
    fn writes_then_replaces_its_own_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[("index.html", "one"), ("cases/a/index.html", "a")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "one");
        assert!(out.join(MARKER).is_file());
        assert!(check_output(dir.path(), &out, false).is_ok());
        write_site(&out, &[("index.html", "two")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert!(!out.join("cases").exists());
        // Nothing is left beside the output.
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn files_written_at_once_share_their_folders() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::new(&out).unwrap();
        // Pages and their JSON, in nested folders, from rayon's threads at once: a
        // folder another thread is still making, or has made, never fails a write.
        let paths: Vec<String> = (0..300)
            .map(|i| format!("cases/c{}/page/{}/index.{}", i % 25, i % 4, i % 3))
            .collect();
        paths
            .par_iter()
            .try_for_each(|p| staging.put(p.clone(), p.as_bytes().to_vec()))
            .unwrap();
        staging.finish().unwrap();
        for p in &paths {
            assert_eq!(fs::read_to_string(out.join(p)).unwrap(), *p);
        }
    }

    #[test]
    fn a_failed_write_leaves_the_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[("index.html", "good")]).unwrap();
        let staging = Staging::new(&out).unwrap();
        staging.put("index.html".into(), b"bad".to_vec()).unwrap();
        let missing = dir.path().join("does-not-exist");
        assert!(staging.copy("x.css".into(), &missing).is_err());
        // The build stops there: the new site is dropped, never swapped in.
        drop(staging);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "good");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn paths_cannot_climb_out() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::new(&dir.path().join("public")).unwrap();
        assert!(staging.put("../escaped".into(), b"x".to_vec()).is_err());
        assert!(!dir.path().join("escaped").exists());
        assert!(safe_relative(Path::new("../x")).is_err());
        assert!(safe_relative(Path::new("/etc/x")).is_err());
        assert!(safe_relative(Path::new("a/b.html")).is_ok());
    }
}
