//! The site `casebook serve` keeps in memory between builds, and the incremental
//! rebuild after a record file changes:
//!
//! 1. the changed files alone are read and parsed again; the checks across files (two
//!    records with one slug, programs that do not exist) run over the kept parses;
//! 2. the records are put in place in the kept model (removed, and inserted again at
//!    their sorted place) and the index is made again; the indicators' data waits
//!    until the records' own pages are written, as those pages do not read it;
//! 3. the bodies of the changed records, and of the bodies that link to them, are
//!    rendered again;
//! 4. only the pages that show something of the changed records ([`deps::plan`]) are
//!    rendered, and only the files whose bytes changed are written;
//! 5. then, after the reload message ([`Session::finish`]): the open data files, the
//!    sitemap and the feeds; the search index is made again in the background.
//!
//! Anything else (site.toml, the catalogs, templates, static files, free pages) builds
//! the whole site again, as `casebook build` does.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics, SourceText};
use crate::load::{self, RecordFile, SiteFiles};
use crate::model::index::Index;
use crate::model::{RecordRef, Site};
use crate::progress::Progress;
use crate::render::dashboard::Dashboard;
use crate::render::links::{Bodies, BodyOf, BodySource};
use crate::render::{Collect, Content, Job, OutputFile, Renderer, data, feed, search, sitemap};
use crate::validate::fields::FileCtx;
use crate::validate::{self, Options, ParsedFile, Parts};

use super::deps::{self, Change, Snapshot, Written};
use super::output::Output;

/// Which kind of record a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Case,
    Program,
}

impl Kind {
    fn of(record: RecordRef) -> Kind {
        match record {
            RecordRef::Case(_) => Kind::Case,
            RecordRef::Program(_) => Kind::Program,
        }
    }

    pub fn dir(self) -> &'static str {
        match self {
            Kind::Case => "content/cases",
            Kind::Program => "content/programs",
        }
    }
}

/// What a build changed in the output.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Files written or removed, by output path.
    pub changed: Vec<String>,
    /// How many of them are the changed records' own pages, written first.
    pub first: usize,
    /// How many pages were rendered.
    pub rendered: usize,
    pub cases: usize,
    pub programs: usize,
    pub charts: usize,
    /// How long each step took.
    pub steps: Vec<(&'static str, Duration)>,
}

impl Outcome {
    fn lap(&mut self, step: &'static str, since: &mut Instant) {
        let now = Instant::now();
        self.steps.push((step, now - *since));
        *since = now;
    }
}

pub struct Session {
    root: PathBuf,
    options: Options,
    parts: Parts,
    site: Site,
    index: Index,
    /// The indicators' data, kept up to date with the records (but for
    /// `dashboard_owed`).
    dashboard: Dashboard,
    /// What `dashboard` has yet to take in of the records changed.
    dashboard_owed: Owed,
    renderer: Renderer,
    bodies: Bodies,
    /// The static files of the last full build, by output path.
    static_paths: BTreeSet<String>,
    /// The sitemaps, feeds and robots.txt last written.
    discovery: BTreeSet<String>,
    written: Written,
    /// Whether `written` must be taken again at the next write (the index changed).
    written_stale: bool,
    /// Record files changed since the site was last written (by path in the site),
    /// with what they were then.
    pending: BTreeMap<PathBuf, Option<Snapshot>>,
    /// Of these, those not yet put into the model.
    unpatched: BTreeSet<PathBuf>,
    /// Records whose links were broken at the last try, by kind and slug.
    broken_links: BTreeSet<(Kind, String)>,
    /// Records whose bodies link to pages of the site (`@/…`), by kind and slug.
    linking: BTreeSet<(Kind, String)>,
}

impl Session {
    /// Builds the whole site into `output` (only the files that changed are written,
    /// and files that are no longer made are removed), telling `progress`.
    pub fn start(
        root: &Path,
        options: &Options,
        output: &mut Output,
        progress: &dyn Progress,
    ) -> Result<(Session, Outcome), Diagnostics> {
        let files = load::load(root)?;
        let parts = Parts::parse(&files, options);
        let problems = parts.problems();
        if !problems.is_empty() {
            return Err(problems);
        }
        let site = parts.site(options)?;
        let index = Index::build(&site);
        let renderer = Renderer::new(&files.templates, site.config.language)?;
        let bodies = Bodies::render(&site)?;
        progress.pages(crate::render::jobs(&site, &index).len());
        let collected = Collect::default();
        renderer.render_site_with(
            &site,
            &index,
            &BodySource::Kept(&bodies),
            &files.static_files,
            &|| progress.tick(),
            &collected,
        )?;
        let rendered = collected.into_files();
        let mut outcome = Outcome {
            rendered: rendered
                .iter()
                .filter(|f| f.path.ends_with(".html"))
                .count(),
            cases: site.cases.len(),
            programs: site.programs.len(),
            charts: renderer.charts_drawn(),
            ..Outcome::default()
        };
        let made: BTreeSet<String> = rendered.iter().map(|f| f.path.clone()).collect();
        for file in &rendered {
            let wrote = match &file.content {
                Content::Bytes(bytes) => output.put(&file.path, bytes)?,
                Content::Copy(from) => output.copy(&file.path, from)?,
            };
            if wrote {
                outcome.changed.push(file.path.clone());
            }
        }
        let gone: Vec<String> = output.files().difference(&made).cloned().collect();
        for path in gone {
            output.remove(&path)?;
            outcome.changed.push(path);
        }
        let mut session = Session {
            root: files.root.clone(),
            options: options.clone(),
            static_paths: static_paths(&files),
            discovery: discovery_files(&site, &index, output)
                .into_iter()
                .map(|(path, _)| path)
                .collect(),
            written: Written::of(&site, &index),
            written_stale: false,
            dashboard: Dashboard::new(&site),
            dashboard_owed: Owed::default(),
            parts,
            site,
            index,
            renderer,
            bodies,
            pending: BTreeMap::new(),
            unpatched: BTreeSet::new(),
            broken_links: BTreeSet::new(),
            linking: BTreeSet::new(),
        };
        let records: Vec<RecordRef> = session.site.all_records().collect();
        for record in records {
            session.note_links(record);
        }
        Ok((session, outcome))
    }

    /// Builds again after the record files `changed` (paths in the site, like
    /// `content/cases/a.md`) were written, added or removed. The changed records' own
    /// pages are rendered and written first, and `first` hears of them (to reload the
    /// tabs that show them); then the other pages they touch. On a problem nothing more
    /// is written; the changes are kept, and built with the next ones.
    pub fn rebuild(
        &mut self,
        changed: &[(Kind, PathBuf)],
        output: &mut Output,
        first: &mut dyn FnMut(&[String]),
    ) -> Result<Outcome, Diagnostics> {
        let mut outcome = Outcome::default();
        let mut lap = Instant::now();
        for (kind, path) in changed {
            self.reparse(*kind, path);
        }
        outcome.lap("parse", &mut lap);
        let problems = self.parts.problems();
        if !problems.is_empty() {
            return Err(problems);
        }
        outcome.lap("check", &mut lap);

        // Put the records in place, and bring the index up to date with what moved
        // since the last time; the indicators' data follows after the own pages.
        let patched: Vec<PathBuf> = std::mem::take(&mut self.unpatched).into_iter().collect();
        let mut round = Vec::new();
        for path in &patched {
            let before = self.find(path).map(|r| Snapshot::of(&self.site, r));
            self.patch(path);
            let after = self.find(path).map(|r| (r, Snapshot::of(&self.site, r)));
            round.push(Change { before, after });
        }
        outcome.lap("patch", &mut lap);
        if round.iter().any(Change::moves) {
            self.index = Index::build(&self.site);
            self.dashboard_owed = Owed::All;
            self.written_stale = true;
        } else {
            if round.iter().any(Change::relists) {
                self.index = Index::build(&self.site);
                self.written_stale = true;
            }
            self.dashboard_owed
                .add(round.iter().flat_map(Change::changed_indicators));
        }
        outcome.lap("index", &mut lap);

        let changes: Vec<Change> = self
            .pending
            .iter()
            .map(|(path, before)| Change {
                before: before.clone(),
                after: self.find(path).map(|r| (r, Snapshot::of(&self.site, r))),
            })
            .collect();
        let relinked = self.render_bodies(&patched, &changes)?;
        outcome.lap("bodies", &mut lap);
        let mut plan = deps::plan(&changes, &self.written, &self.site, &self.index);
        plan.jobs.extend(relinked);
        outcome.lap("plan", &mut lap);

        let own: Vec<Job> = plan.own.iter().cloned().collect();
        let pages = self.render(&own)?;
        let mut made: BTreeSet<String> = pages.iter().map(|p| p.path.clone()).collect();
        self.write(&pages, output, &mut outcome)?;
        outcome.lap("own pages", &mut lap);
        first(&outcome.changed);
        let written_first = outcome.changed.len();
        // Owed until now: the own pages read only the indicators' definitions from it
        // (their charts show the record's own figures), the other pages its figures.
        match std::mem::take(&mut self.dashboard_owed) {
            Owed::All => self.dashboard = Dashboard::new(&self.site),
            Owed::Keys(keys) if keys.is_empty() => {}
            Owed::Keys(keys) => self
                .dashboard
                .update(&self.site, keys.iter().map(String::as_str)),
        }
        outcome.lap("indicator data", &mut lap);

        let rest: Vec<Job> = plan.jobs.iter().cloned().collect();
        let pages = self.render(&rest)?;
        made.extend(pages.iter().map(|p| p.path.clone()));
        for path in plan.remove {
            if !made.contains(&path) && output.files().contains(&path) {
                output.remove(&path)?;
                outcome.changed.push(path);
            }
        }
        self.write(&pages, output, &mut outcome)?;
        outcome.lap("other pages", &mut lap);
        outcome.first = written_first;
        outcome.rendered = own.len() + rest.len();
        outcome.cases = self.site.cases.len();
        outcome.programs = self.site.programs.len();
        outcome.charts = self.renderer.charts_drawn();
        if std::mem::take(&mut self.written_stale) {
            self.written = Written::of(&self.site, &self.index);
        }
        self.pending.clear();
        Ok(outcome)
    }

    fn render(&self, jobs: &[Job]) -> Result<Vec<OutputFile>, Diagnostics> {
        if jobs.is_empty() {
            return Ok(Vec::new());
        }
        let pages = Collect::default();
        let (_, problems) = self.renderer.render_pages(
            &self.site,
            &self.index,
            &self.dashboard,
            &BodySource::Kept(&self.bodies),
            jobs,
            &|| {},
            &pages,
        );
        if problems.is_empty() {
            Ok(pages.into_files())
        } else {
            Err(problems)
        }
    }

    fn write(
        &self,
        pages: &[OutputFile],
        output: &mut Output,
        outcome: &mut Outcome,
    ) -> Result<(), Diagnostic> {
        for page in pages {
            if let Content::Bytes(bytes) = &page.content {
                if output.put(&page.path, bytes)? {
                    outcome.changed.push(page.path.clone());
                }
            }
        }
        Ok(())
    }

    /// The files that follow from the whole site rather than from pages: the open
    /// data, the sitemap, the feeds and robots.txt. Returns the files written and what
    /// the search index is made from.
    pub fn finish(&mut self, output: &mut Output) -> Result<(Vec<String>, SearchJob), Diagnostic> {
        let mut changed = Vec::new();
        let exports = Collect::default();
        // Made in memory: only a fault could fail it, and the first problem says which.
        data::write_exports(&self.site, &exports).map_err(|problems| {
            problems
                .into_sorted()
                .into_iter()
                .next()
                .unwrap_or_else(|| Diagnostic::new("cannot make the open-data files"))
        })?;
        for file in exports.into_files() {
            if let Content::Bytes(bytes) = &file.content {
                if output.put(&file.path, bytes)? {
                    changed.push(file.path);
                }
            }
        }
        let made = discovery_files(&self.site, &self.index, output);
        let paths: BTreeSet<String> = made.iter().map(|(p, _)| p.clone()).collect();
        for (path, bytes) in made {
            // A robots.txt of the site's own wins.
            if path == "robots.txt" && self.static_paths.contains(&path) {
                continue;
            }
            if output.put(&path, &bytes)? {
                changed.push(path);
            }
        }
        for path in self.discovery.difference(&paths) {
            output.remove(path)?;
            changed.push(path.clone());
        }
        self.discovery = paths;
        Ok((changed, self.search_job()))
    }

    /// What the search index is made from: every case, program and free page.
    fn search_job(&self) -> SearchJob {
        SearchJob {
            records: search::records(&self.site, self.renderer.labels()),
            language: crate::render::lang_tag(self.site.config.language),
            shard_size: self.site.config.search_shard_size,
        }
    }

    /// Reads and parses one record file again, or forgets it when it is gone.
    fn reparse(&mut self, kind: Kind, path: &Path) {
        if !self.pending.contains_key(path) {
            let before = self.find(path).map(|r| Snapshot::of(&self.site, r));
            self.pending.insert(path.to_path_buf(), before);
        }
        self.unpatched.insert(path.to_path_buf());
        match kind {
            Kind::Case => {
                let parsed = self.read(kind, path, |file| self.parts.parse_case(file));
                put(&mut self.parts.cases, path, parsed);
            }
            Kind::Program => {
                let parsed = self.read(kind, path, |file| self.parts.parse_program(file));
                put(&mut self.parts.programs, path, parsed);
            }
        }
    }

    /// The file at `path` parsed, its problems alone when it cannot be read, `None`
    /// when it is gone.
    fn read<T>(
        &self,
        kind: Kind,
        path: &Path,
        parse: impl Fn(&RecordFile) -> ParsedFile<T>,
    ) -> Option<ParsedFile<T>> {
        let absolute = self.root.join(path);
        if !absolute.is_file() {
            return None;
        }
        Some(match load::record_file(&self.root, kind.dir(), &absolute) {
            Ok(file) => parse(&file),
            Err(diags) => {
                let mut ctx = FileCtx::new(SourceText::new(path, ""), 0);
                ctx.diags = diags;
                (None, ctx)
            }
        })
    }

    /// Puts the record of `path` in its place in the site (or takes it out).
    fn patch(&mut self, path: &Path) {
        if let Some(old) = self.find(path) {
            let (kind, base) = match old {
                RecordRef::Case(i) => {
                    self.bodies.cases.remove(i);
                    (Kind::Case, self.site.cases.remove(i).base)
                }
                RecordRef::Program(i) => {
                    self.bodies.programs.remove(i);
                    (Kind::Program, self.site.programs.remove(i).base)
                }
            };
            self.linking.remove(&(kind, base.slug));
        }
        let options = &self.options;
        let mut inserted = None;
        if let Some(case) = parsed_record(&self.parts.cases, path) {
            if validate::published(case.base.draft, options) {
                let at = self
                    .site
                    .cases
                    .binary_search_by(|c| validate::case_order(c, case))
                    .unwrap_or_else(|i| i);
                self.site.cases.insert(at, case.clone());
                self.bodies.cases.insert(at, String::new());
                inserted = Some(RecordRef::Case(at));
            }
        }
        if let Some(program) = parsed_record(&self.parts.programs, path) {
            if validate::published(program.base.draft, options) {
                let at = self
                    .site
                    .programs
                    .binary_search_by(|p| validate::program_order(p, program))
                    .unwrap_or_else(|i| i);
                self.site.programs.insert(at, program.clone());
                self.bodies.programs.insert(at, String::new());
                inserted = Some(RecordRef::Program(at));
            }
        }
        if let Some(record) = inserted {
            self.note_links(record);
        }
    }

    /// Notes whether the record's body links to pages of the site.
    fn note_links(&mut self, record: RecordRef) {
        let base = self.site.record(record);
        if base.body().contains("@/") {
            self.linking.insert((Kind::of(record), base.slug.clone()));
        }
    }

    /// The published record read from the file at `path`.
    fn find(&self, path: &Path) -> Option<RecordRef> {
        let cases = self.site.cases.iter().map(|c| &c.base);
        let programs = self.site.programs.iter().map(|p| &p.base);
        if let Some(i) = cases.clone().position(|b| b.source.path == path) {
            return Some(RecordRef::Case(i));
        }
        programs
            .clone()
            .position(|b| b.source.path == path)
            .map(RecordRef::Program)
    }

    /// Renders the bodies of the changed records again, and those of records and pages
    /// that link to them (or had broken links). Returns the pages of the others whose
    /// body changed.
    fn render_bodies(
        &mut self,
        patched: &[PathBuf],
        changes: &[Change],
    ) -> Result<Vec<Job>, Diagnostics> {
        let mut targets: BTreeSet<String> = BTreeSet::new();
        for change in changes {
            let snapshots = change
                .before
                .iter()
                .chain(change.after.iter().map(|(_, s)| s));
            for s in snapshots {
                let kind = if s.program { "programs" } else { "cases" };
                targets.insert(format!("@/{kind}/{}", s.slug));
            }
        }
        let links_to_changed =
            |body: &str| body.contains("@/") && targets.iter().any(|t| body.contains(t.as_str()));
        let site = &self.site;
        // The changed records' own bodies (`true`), and those that link to a changed
        // record or had broken links.
        let mut wanted: BTreeMap<Body, bool> = patched
            .iter()
            .filter_map(|path| self.find(path))
            .map(|record| (Body::Record(record), true))
            .collect();
        if !self.linking.is_empty() || !self.broken_links.is_empty() {
            for record in site.all_records() {
                let key = (Kind::of(record), site.record(record).slug.clone());
                if self.broken_links.contains(&key)
                    || (self.linking.contains(&key) && links_to_changed(site.record(record).body()))
                {
                    wanted.entry(Body::Record(record)).or_insert(false);
                }
            }
        }
        for (i, page) in site.pages.iter().enumerate() {
            if links_to_changed(page.body()) {
                wanted.insert(Body::Page(i), false);
            }
        }
        let bodies: Vec<_> = wanted
            .keys()
            .map(|body| match *body {
                Body::Record(RecordRef::Case(i)) => BodyOf::Case(i),
                Body::Record(RecordRef::Program(i)) => BodyOf::Program(i),
                Body::Page(i) => BodyOf::Page(i),
            })
            .collect();
        let rendered = Bodies::render_some(site, bodies);
        let mut problems = Diagnostics::new();
        let mut broken = BTreeSet::new();
        let mut relinked = Vec::new();
        for ((body, own), (html, diags)) in wanted.into_iter().zip(rendered) {
            let (slot, job) = match body {
                Body::Record(RecordRef::Case(i)) => (&mut self.bodies.cases[i], Job::Case(i)),
                Body::Record(RecordRef::Program(i)) => {
                    (&mut self.bodies.programs[i], Job::Program(i))
                }
                Body::Page(i) => (&mut self.bodies.pages[i], Job::Page(i)),
            };
            if !diags.is_empty() {
                if let Body::Record(record) = body {
                    let slug = self.site.record(record).slug.clone();
                    broken.insert((Kind::of(record), slug));
                }
                diags.into_iter().for_each(|d| problems.push(d));
                continue;
            }
            if *slot != html {
                *slot = html;
                if !own {
                    relinked.push(job);
                }
            }
        }
        self.broken_links = broken;
        if problems.is_empty() {
            Ok(relinked)
        } else {
            Err(problems)
        }
    }
}

/// The indicators whose data is to be collected again.
#[derive(Debug)]
enum Owed {
    Keys(BTreeSet<String>),
    All,
}

impl Default for Owed {
    fn default() -> Self {
        Owed::Keys(BTreeSet::new())
    }
}

impl Owed {
    fn add(&mut self, keys: impl IntoIterator<Item = String>) {
        if let Owed::Keys(owed) = self {
            owed.extend(keys);
        }
    }
}

/// A body to render: a record's or a free page's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Body {
    Record(RecordRef),
    Page(usize),
}

/// What the search index is made from: the records, and the language of their text.
#[derive(Debug, Clone)]
pub struct SearchJob {
    pub records: Vec<search::SearchRecord>,
    pub language: &'static str,
    pub shard_size: usize,
}

/// Replaces (or inserts, or removes) the parse of `path`, keeping the files' order.
fn put<T>(list: &mut Vec<ParsedFile<T>>, path: &Path, parsed: Option<ParsedFile<T>>) {
    let at = list.binary_search_by(|(_, ctx)| ctx.src.path.as_path().cmp(path));
    match (at, parsed) {
        (Ok(i), Some(p)) => list[i] = p,
        (Ok(i), None) => {
            list.remove(i);
        }
        (Err(i), Some(p)) => list.insert(i, p),
        (Err(_), None) => {}
    }
}

fn parsed_record<'a, T>(list: &'a [ParsedFile<T>], path: &Path) -> Option<&'a T> {
    let i = list
        .binary_search_by(|(_, ctx)| ctx.src.path.as_path().cmp(path))
        .ok()?;
    list[i].0.as_ref().map(|p| &p.record)
}

fn static_paths(files: &SiteFiles) -> BTreeSet<String> {
    files
        .static_files
        .iter()
        .map(|f| f.relative.clone())
        .collect()
}

/// The sitemap (of the pages in `output`), robots.txt and the feeds, as a build makes
/// them (see `render::discovery`).
fn discovery_files(site: &Site, index: &Index, output: &Output) -> Vec<(String, Vec<u8>)> {
    let base_url = &site.config.base_url;
    let pages = output
        .files()
        .iter()
        .map(String::as_str)
        .filter(|p| !p.starts_with(&format!("{}/", search::DIR)));
    let urls = sitemap::page_urls(pages, base_url);
    let mut made = sitemap::files(&urls, base_url, sitemap::MAX_URLS);
    made.extend(feed::feeds(site, index));
    made
}
