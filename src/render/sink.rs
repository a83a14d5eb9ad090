//! Where rendered files go: into the build's temporary folder on disk as they are made
//! (`write::Staging`), into memory for `casebook serve` and `check --external`
//! ([`Collect`]), or nowhere for a check ([`Discard`]).

use std::io::{self, Write};
use std::path::Path;
use std::sync::Mutex;

use crate::diagnostics::Diagnostic;

use super::{Content, OutputFile};

/// Takes the files of the output as they are made, from several threads at once.
pub trait Sink: Sync {
    /// A file made by Casebook, by its path relative to the output (`/`-separated).
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), Diagnostic>;
    /// A static file, copied from `from`.
    fn copy(&self, path: String, from: &Path) -> Result<(), Diagnostic>;
    /// A large file that `fill` writes piece by piece (the site-wide exports), so that
    /// it need not be whole in memory. By default it is, and then [`Sink::put`].
    fn stream(&self, path: String, fill: &mut Fill<'_>) -> Result<(), Diagnostic> {
        let mut bytes = Vec::new();
        fill(&mut bytes).map_err(|e| unmade(&path, &e))?;
        self.put(path, bytes)
    }
}

/// A streamed file whose content could not be made (not a disk's error: the file is
/// in memory or nowhere).
fn unmade(path: &str, e: &io::Error) -> Diagnostic {
    Diagnostic::new(format!("cannot make `{path}`: {e}"))
}

/// Writes a streamed file's content.
pub type Fill<'a> = dyn FnMut(&mut dyn Write) -> io::Result<()> + 'a;

/// Keeps the files in memory.
#[derive(Default)]
pub struct Collect(Mutex<Vec<OutputFile>>);

impl Collect {
    /// The files, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }

    fn push(&self, path: String, content: Content) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(OutputFile { path, content });
    }
}

impl Sink for Collect {
    fn put(&self, path: String, mut bytes: Vec<u8>) -> Result<(), Diagnostic> {
        // A page comes in a buffer with room to spare (see `Renderer`); kept, it must
        // not hold that room for the rest of the build.
        bytes.shrink_to_fit();
        self.push(path, Content::Bytes(bytes));
        Ok(())
    }

    fn copy(&self, path: String, from: &Path) -> Result<(), Diagnostic> {
        self.push(path, Content::Copy(from.to_path_buf()));
        Ok(())
    }
}

/// Drops the files: a check renders every page only to find its problems.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _path: String, _bytes: Vec<u8>) -> Result<(), Diagnostic> {
        Ok(())
    }

    fn copy(&self, _path: String, _from: &Path) -> Result<(), Diagnostic> {
        Ok(())
    }

    fn stream(&self, path: String, fill: &mut Fill<'_>) -> Result<(), Diagnostic> {
        fill(&mut io::sink()).map_err(|e| unmade(&path, &e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Content;

    #[test]
    fn a_kept_page_holds_no_spare_room() {
        let sink = Collect::default();
        let mut page = Vec::with_capacity(48 * 1024);
        page.extend_from_slice(b"<p>A short page</p>");
        sink.put("a/index.html".into(), page).unwrap();
        let files = sink.into_files();
        let Content::Bytes(kept) = &files[0].content else {
            panic!("a page is kept as bytes");
        };
        assert_eq!(kept.as_slice(), b"<p>A short page</p>");
        assert_eq!(kept.capacity(), kept.len());
    }
}
