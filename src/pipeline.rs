//! The build, end to end: load the files, validate them into a model, index it, render
//! every page, and (for `build`) write the output.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::check_links;
use crate::diagnostics::{Diagnostics, SourceText};
use crate::load;
use crate::model::index::Index;
use crate::progress::{Progress, Silent};
use crate::render::links::BodySource;
use crate::render::{self, Collect, Discard, Renderer, Sink};
use crate::validate::{self, Options};
use crate::write;

/// What a successful build or check did.
#[derive(Debug)]
pub struct Report {
    pub cases: usize,
    pub programs: usize,
    pub pages: usize,
    /// Distinct charts drawn.
    pub charts: usize,
    pub files: usize,
    pub elapsed: Duration,
    /// Where the site was written (none for a check).
    pub output: Option<PathBuf>,
}

/// What the editors wrote that the output came from, to point at.
struct Sources {
    base_url: String,
    texts: Vec<SourceText>,
}

/// The time each phase of a build took, printed to stderr when the environment variable
/// `CASEBOOK_TIMINGS` is set (see the README's performance section), and told to the
/// build's [`Progress`].
struct Phases<'a> {
    last: Instant,
    laps: Vec<(&'static str, Duration, Option<u64>)>,
    progress: &'a dyn Progress,
}

impl<'a> Phases<'a> {
    fn start(progress: &'a dyn Progress) -> Phases<'a> {
        Phases {
            last: Instant::now(),
            laps: Vec::new(),
            progress,
        }
    }

    /// Ends the phase `name`.
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.laps.push((name, now - self.last, peak_memory()));
        self.progress.done(name, now - self.last);
        self.last = now;
    }

    fn print(&self) {
        if std::env::var_os("CASEBOOK_TIMINGS").is_some_and(|v| !v.is_empty()) {
            let laps: Vec<String> = self
                .laps
                .iter()
                .map(|(name, d, peak)| match peak {
                    Some(peak) => format!("{name} {} ms (peak {peak} MiB)", d.as_millis()),
                    None => format!("{name} {} ms", d.as_millis()),
                })
                .collect();
            eprintln!("timings: {}", laps.join(", "));
        }
    }
}

/// The process's peak resident memory so far in MiB, where the system tells it (Linux).
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

/// Everything up to the output's files, each handed to `sink` as it is made.
fn render(
    site_dir: &Path,
    options: &Options,
    phases: &mut Phases<'_>,
    sink: &dyn Sink,
) -> Result<(Report, Sources), Diagnostics> {
    let started = Instant::now();
    let files = load::load(site_dir)?;
    phases.lap("load");
    let site = validate::validate(&files, options)?;
    phases.lap("validate");
    // The index, the templates and the targets of links need only the site: they are
    // made side by side.
    let (index, (renderer, bodies)) = rayon::join(
        || Index::build(&site),
        || {
            let renderer = Renderer::new(&files.templates, site.config.language);
            (renderer, BodySource::fresh(&site))
        },
    );
    let renderer = renderer?;
    phases.lap("index");
    let progress = phases.progress;
    progress.pages(render::jobs(&site, &index).len());
    let output = renderer.render_site_with(
        &site,
        &index,
        &bodies,
        &files.static_files,
        &|| progress.tick(),
        sink,
    )?;
    phases.lap("render");
    let report = Report {
        cases: site.cases.len(),
        programs: site.programs.len(),
        pages: output.iter().filter(|path| path.ends_with(".html")).count(),
        charts: renderer.charts_drawn(),
        files: output.len(),
        elapsed: started.elapsed(),
        output: None,
    };
    let texts = [&files.config]
        .into_iter()
        .chain(
            [&files.regions, &files.themes, &files.indicators]
                .into_iter()
                .flatten(),
        )
        .chain(
            [&files.cases, &files.programs, &files.pages]
                .into_iter()
                .flatten()
                .map(|f| &f.source),
        )
        .cloned()
        .collect();
    let sources = Sources {
        base_url: site.config.base_url.clone(),
        texts,
    };
    // Freeing the model takes a few ms per thousand records on one core: it is done on
    // a thread of its own, so that the build, or the next step, need not wait for it.
    drop(bodies);
    let garbage = (files, site, index, renderer, output);
    // Where no thread can be had, `spawn` drops the closure, and the model with it, here.
    let _ = std::thread::Builder::new()
        .name("casebook-free".into())
        .spawn(move || drop(garbage));
    Ok((report, sources))
}

/// Validates the site and renders it in memory, so that template errors are found too.
pub fn check(site_dir: &Path, options: &Options) -> Result<Report, Diagnostics> {
    check_with(site_dir, options, &Silent)
}

/// [`check`], telling `progress` how it goes.
pub fn check_with(
    site_dir: &Path,
    options: &Options,
    progress: &dyn Progress,
) -> Result<Report, Diagnostics> {
    let mut phases = Phases::start(progress);
    let result = render(site_dir, options, &mut phases, &Discard).map(|(report, _)| report);
    phases.print();
    result
}

/// A check, then every link from the site to other sites requested, each within
/// `timeout`: a link that fails is a problem, reported where it is written. Returns the
/// report and the number of external links checked.
pub fn check_external(
    site_dir: &Path,
    options: &Options,
    timeout: Duration,
) -> Result<(Report, usize), Diagnostics> {
    let files = Collect::default();
    let (report, sources) = render(site_dir, options, &mut Phases::start(&Silent), &files)?;
    let links = check_links::external_links(&files.into_files(), &sources.base_url);
    let diags = check_links::check(&links, &sources.texts, timeout);
    if diags.is_empty() {
        Ok((report, links.len()))
    } else {
        Err(diags)
    }
}

/// Builds the site into `output` (default: `<site>/public`).
pub fn build(
    site_dir: &Path,
    output: Option<&Path>,
    force: bool,
    options: &Options,
) -> Result<Report, Diagnostics> {
    build_with(site_dir, output, force, options, &Silent)
}

/// [`build`], telling `progress` how it goes.
pub fn build_with(
    site_dir: &Path,
    output: Option<&Path>,
    force: bool,
    options: &Options,
    progress: &dyn Progress,
) -> Result<Report, Diagnostics> {
    let output = output.map_or_else(|| site_dir.join("public"), Path::to_path_buf);
    // Refuse a dangerous output before doing any work.
    let output = write::check_output(site_dir, &output, force)?;
    let started = Instant::now();
    let mut phases = Phases::start(progress);
    // Pages are written as they are rendered; the new site replaces the old only once
    // every page is made (dropping `staging` on an error removes it).
    let staging = write::Staging::new(&output)?;
    let (mut report, _) = render(site_dir, options, &mut phases, &staging)?;
    staging.finish()?;
    phases.lap("write");
    phases.print();
    report.elapsed = started.elapsed();
    report.output = Some(output);
    Ok(report)
}
