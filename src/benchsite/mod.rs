//! `casebook bench-site`: writes a synthetic site for benchmarks. The site is valid
//! (it builds without a diagnostic), realistic (600-word bodies with a table and a
//! Chinese section, 3–6 indicators over 1–5 periods, about 30 provinces with cities and
//! districts, 12 themes, tags) and deterministic: the same numbers give the same bytes
//! on every machine. Optionally the same cases are written as a Hugo site too.

mod figures;
mod hugo;
mod records;
mod rng;
mod words;
mod world;

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use records::{CaseRecord, ProgramHead};
use world::World;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    pub cases: usize,
    pub programs: usize,
    pub seed: u64,
}

/// What was written.
#[derive(Debug)]
pub struct Summary {
    pub spec: Spec,
    pub regions: usize,
    pub files: usize,
    pub bytes: u64,
    pub output: PathBuf,
    pub hugo: Option<PathBuf>,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Wrote {} cases, {} programs, {} regions (seed {}): {} files, {:.1} MiB -> {}",
            self.spec.cases,
            self.spec.programs,
            self.regions,
            self.spec.seed,
            self.files,
            self.bytes as f64 / (1024.0 * 1024.0),
            self.output.display()
        )?;
        if let Some(hugo) = &self.hugo {
            write!(f, "; the cases as a Hugo site -> {}", hugo.display())?;
        }
        Ok(())
    }
}

/// Writes the site into `output` (and the Hugo site into `hugo`), each of which must
/// be missing or empty. Each folder is filled beside its place and moved in when it is
/// complete, so a failure leaves nothing behind.
pub fn generate(spec: &Spec, output: &Path, hugo: Option<&Path>) -> Result<Summary, Diagnostics> {
    let mut diags = Diagnostics::new();
    for dir in std::iter::once(output).chain(hugo) {
        if let Err(d) = check_empty(dir) {
            diags.push(d);
        }
    }
    if let Some(hugo) = hugo {
        let (a, b) = (absolute(output), absolute(hugo));
        if a.starts_with(&b) || b.starts_with(&a) {
            diags.push(
                Diagnostic::new("the Hugo site and the Casebook site need two separate folders")
                    .help("give --hugo a folder outside -o"),
            );
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }

    let world = World::new(spec.seed);
    let heads = records::program_heads(&world, spec.seed, spec.programs);
    let by_province = records::programs_by_province(&world, &heads);
    let generator = Generator {
        spec,
        world: &world,
        heads: &heads,
        by_province: &by_province,
    };

    let (files, bytes) = staged(output, |root| generator.casebook(root))?;
    if let Some(hugo) = hugo {
        staged(hugo, |root| generator.hugo(root))?;
    }
    Ok(Summary {
        spec: spec.clone(),
        regions: world.places.len(),
        files,
        bytes,
        output: output.to_path_buf(),
        hugo: hugo.map(Path::to_path_buf),
    })
}

struct Generator<'a> {
    spec: &'a Spec,
    world: &'a World,
    heads: &'a [ProgramHead],
    by_province: &'a [Vec<usize>],
}

impl Generator<'_> {
    fn case(&self, i: usize) -> CaseRecord {
        CaseRecord::new(self.world, self.heads, self.by_province, self.spec.seed, i)
    }

    /// The Casebook site. Returns the number of files and bytes written.
    fn casebook(&self, root: &Path) -> Result<(usize, u64), Diagnostic> {
        let spec = self.spec;
        let fixed = [
            (
                "site.toml".to_string(),
                world::site_toml(spec.cases, spec.programs, spec.seed),
            ),
            ("content/regions.toml".into(), self.world.regions_toml()),
            ("content/themes.toml".into(), world::themes_toml()),
            ("content/indicators.toml".into(), world::indicators_toml()),
            ("content/pages/about.md".into(), world::ABOUT.to_string()),
        ];
        for dir in ["content/cases", "content/programs", "content/pages"] {
            create_dir(&root.join(dir))?;
        }
        let mut bytes = 0;
        for (path, text) in &fixed {
            bytes += write(&root.join(path), text)?;
        }
        bytes += par_sum(spec.cases, |i| {
            let case = self.case(i);
            let path = root.join(format!("content/cases/{}.md", case.slug));
            write(&path, &case.casebook(self.world, self.heads))
        })?;
        bytes += par_sum(spec.programs, |j| {
            let path = root.join(format!("content/programs/{}.md", self.heads[j].slug));
            write(
                &path,
                &records::program(self.world, self.heads, spec.seed, j),
            )
        })?;
        Ok((fixed.len() + spec.cases + spec.programs, bytes))
    }

    /// The cases as a Hugo site.
    fn hugo(&self, root: &Path) -> Result<(usize, u64), Diagnostic> {
        create_dir(&root.join("layouts"))?;
        create_dir(&root.join("content/cases"))?;
        let mut bytes = write(&root.join("hugo.toml"), hugo::CONFIG)?;
        for (path, text) in hugo::LAYOUTS {
            bytes += write(&root.join(path), text)?;
        }
        bytes += par_sum(self.spec.cases, |i| {
            let case = self.case(i);
            let path = root.join(format!("content/cases/{}.md", case.slug));
            write(&path, &hugo::page(&case, self.world))
        })?;
        Ok((1 + hugo::LAYOUTS.len() + self.spec.cases, bytes))
    }
}

/// Runs `job` for `0..count` in parallel and adds up the bytes written.
fn par_sum(
    count: usize,
    job: impl Fn(usize) -> Result<u64, Diagnostic> + Sync + Send,
) -> Result<u64, Diagnostic> {
    (0..count)
        .into_par_iter()
        .map(job)
        .try_reduce(|| 0, |a, b| Ok(a + b))
}

/// Fills a new folder beside `target` with `fill`, then moves it into place.
fn staged<T>(
    target: &Path,
    fill: impl FnOnce(&Path) -> Result<T, Diagnostic>,
) -> Result<T, Diagnostic> {
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    create_dir(&parent)?;
    let staging = tempfile::Builder::new()
        .prefix(".bench-site-new-")
        .tempdir_in(&parent)
        .map_err(|e| io_error("create a folder in", &parent, e))?;
    let result = fill(staging.path())?;
    if target.exists() {
        // Checked empty before anything was written.
        fs::remove_dir(target).map_err(|e| io_error("replace", target, e))?;
    }
    fs::rename(staging.path(), target).map_err(|e| io_error("move the site to", target, e))?;
    // The folder has moved: nothing is left to delete.
    let _ = staging.keep();
    Ok(result)
}

fn check_empty(dir: &Path) -> Result<(), Diagnostic> {
    match fs::read_dir(dir).map(|mut entries| entries.next().is_none()) {
        Ok(true) => Ok(()),
        Ok(false) => Err(Diagnostic::new(format!(
            "refusing to write into `{}`: the folder is not empty",
            dir.display()
        ))
        .help("bench-site writes a whole site: give it a new or empty folder")),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_error("use the folder", dir, e)),
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

fn create_dir(dir: &Path) -> Result<(), Diagnostic> {
    fs::create_dir_all(dir).map_err(|e| io_error("create the folder", dir, e))
}

fn write(path: &Path, text: &str) -> Result<u64, Diagnostic> {
    fs::write(path, text).map_err(|e| io_error("write", path, e))?;
    Ok(text.len() as u64)
}

fn io_error(what: &str, path: &Path, e: io::Error) -> Diagnostic {
    Diagnostic::new(format!("cannot {what} `{}`: {e}", path.display()))
        .help("check free disk space and permissions")
}
