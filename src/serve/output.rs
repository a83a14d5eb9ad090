//! The folder `casebook serve` serves: written file by file, each file replaced in one
//! step (written beside it, then renamed over it) so that a request never reads half a
//! page, and only when its bytes changed.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, RwLock};

use crate::diagnostics::Diagnostic;

pub struct Output {
    dir: PathBuf,
    /// Every file in the folder, by output path.
    files: BTreeSet<String>,
    gate: Gate,
}

/// Held (shared) while a file is written; taken (alone) to close the folder for good,
/// so that nothing is written into it while it is removed.
#[derive(Clone, Default)]
pub struct Gate(Arc<RwLock<bool>>);

impl Gate {
    /// Waits for the file being written, then refuses every write after it.
    pub fn close(&self) {
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = true;
    }

    /// Runs `write` unless the gate is closed; the gate stays open until it returns.
    fn pass<T>(
        &self,
        what: &str,
        path: &Path,
        write: impl FnOnce() -> io::Result<T>,
    ) -> Result<T, Diagnostic> {
        let closed = self.0.read().unwrap_or_else(|e| e.into_inner());
        if *closed {
            return Err(Diagnostic::new("the preview is stopping"));
        }
        write().map_err(|e| failed(what, path, e))
    }
}

impl Output {
    /// Takes over `dir`, an empty folder; writes pass `gate`.
    pub fn new(dir: PathBuf, gate: Gate) -> Output {
        Output {
            dir,
            files: BTreeSet::new(),
            gate,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn files(&self) -> &BTreeSet<String> {
        &self.files
    }

    /// Writes `bytes` at `path` unless the file holds them already. Returns whether it
    /// wrote.
    pub fn put(&mut self, path: &str, bytes: &[u8]) -> Result<bool, Diagnostic> {
        let target = self.target(path)?;
        self.files.insert(path.to_string());
        if fs::read(&target).is_ok_and(|old| old == bytes) {
            return Ok(false);
        }
        self.gate
            .pass("write", &target, || replace(&target, bytes))?;
        Ok(true)
    }

    /// Copies the file at `from` to `path` unless it is there already.
    pub fn copy(&mut self, path: &str, from: &Path) -> Result<bool, Diagnostic> {
        let bytes = fs::read(from).map_err(|e| failed("read", from, e))?;
        self.put(path, &bytes)
    }

    /// Removes the file at `path`, and its folders left empty.
    pub fn remove(&mut self, path: &str) -> Result<(), Diagnostic> {
        let target = self.target(path)?;
        self.files.remove(path);
        let root = &self.dir;
        self.gate.pass("remove", &target, || {
            match fs::remove_file(&target) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
            let mut dir = target.parent();
            while let Some(d) = dir.filter(|d| d != root) {
                // Fails, and stops, at the first folder that still holds something.
                if fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
            Ok(())
        })
    }

    /// Output paths come from validated slugs; this is the last guard that none of
    /// them climbs out of the folder.
    fn target(&self, path: &str) -> Result<PathBuf, Diagnostic> {
        let relative = Path::new(path);
        if path.is_empty()
            || !relative
                .components()
                .all(|c| matches!(c, Component::Normal(_)))
        {
            return Err(Diagnostic::new(format!(
                "internal error: output path `{path}` is not inside the output folder"
            )));
        }
        Ok(self.dir.join(relative))
    }
}

/// Writes beside the target, then renames over it.
fn replace(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let parent = target.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let mut staged = tempfile::Builder::new()
        .prefix(".casebook-new-")
        .tempfile_in(parent)?;
    io::Write::write_all(&mut staged, bytes)?;
    staged.persist(target).map_err(|e| e.error)?;
    Ok(())
}

fn failed(what: &str, path: &Path, e: io::Error) -> Diagnostic {
    Diagnostic::new(format!("cannot {what} `{}`: {e}", path.display()))
        .help("check free disk space and permissions of the temporary folder")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_only_what_changed_and_removes_empty_folders() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = Output::new(dir.path().to_path_buf(), Gate::default());
        assert!(out.put("cases/a/index.html", b"one").unwrap());
        assert!(!out.put("cases/a/index.html", b"one").unwrap());
        assert!(out.put("cases/a/index.html", b"two").unwrap());
        assert_eq!(
            fs::read(dir.path().join("cases/a/index.html")).unwrap(),
            b"two"
        );
        out.put("cases/index.html", b"list").unwrap();
        out.remove("cases/a/index.html").unwrap();
        assert!(!dir.path().join("cases/a").exists());
        assert!(dir.path().join("cases/index.html").exists());
        assert_eq!(out.files().iter().collect::<Vec<_>>(), ["cases/index.html"]);
    }

    #[test]
    fn nothing_is_written_once_the_gate_is_closed() {
        let dir = tempfile::tempdir().unwrap();
        let gate = Gate::default();
        let mut out = Output::new(dir.path().to_path_buf(), gate.clone());
        out.put("a.html", b"a").unwrap();
        gate.close();
        assert!(out.put("b.html", b"b").is_err());
        assert!(!dir.path().join("b.html").exists());
    }

    #[test]
    fn paths_cannot_climb_out() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = Output::new(dir.path().join("site"), Gate::default());
        assert!(out.put("../x", b"x").is_err());
        assert!(out.put("/etc/x", b"x").is_err());
        assert!(out.remove("a/../../x").is_err());
        assert!(!dir.path().join("x").exists());
    }
}
