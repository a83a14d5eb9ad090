//! Validate: turn the files of a site into a typed [`Site`], checking the whole
//! contract. Every problem of every file is collected; the site is returned only when
//! there are none.

pub mod catalogs;
pub mod config;
pub mod fields;
pub mod records;

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::ops::Range;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceText, did_you_mean};
use crate::load::{RecordFile, SiteFiles};
use crate::model::{Case, Page, Program, Site, SiteConfig};

use catalogs::Catalogs;
use fields::FileCtx;
use records::Parsed;

/// What the command line changes about a build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Keep records marked `draft = true`.
    pub drafts: bool,
    /// Replaces site.toml's base_url.
    pub base_url: Option<String>,
}

pub fn validate(files: &SiteFiles, options: &Options) -> Result<Site, Diagnostics> {
    let parts = Parts::parse(files, options);
    let problems = parts.problems();
    if !problems.is_empty() {
        return Err(problems);
    }
    parts.into_site(options)
}

/// One record file, parsed: the record when it could be read, and the file's problems.
pub type ParsedFile<T> = (Option<Parsed<T>>, FileCtx);

/// A site's files parsed one by one, before the checks across files. A build makes it
/// once; `casebook serve` keeps it and parses again only the record files that change.
pub struct Parts {
    pub config: Option<SiteConfig>,
    pub catalogs: Catalogs,
    /// Catalogs that records need but that are missing.
    missing: Vec<Diagnostic>,
    /// The problems of site.toml and the catalogs.
    catalog_problems: Vec<Diagnostic>,
    pub cases: Vec<ParsedFile<Case>>,
    pub programs: Vec<ParsedFile<Program>>,
    pub pages: Vec<ParsedFile<Page>>,
}

impl Parts {
    pub fn parse(files: &SiteFiles, options: &Options) -> Parts {
        let mut contexts = Vec::new();
        let mut config_ctx = FileCtx::new(files.config.clone(), 0);
        let config =
            config::site_config(&files.config, options.base_url.as_deref(), &mut config_ctx);
        contexts.push(config_ctx);

        let regions = catalogs::regions(files.regions.as_ref(), &mut contexts);
        let themes = catalogs::themes(files.themes.as_ref(), &mut contexts);
        let (indicators, units) = catalogs::indicators(
            files.indicators.as_ref(),
            config.as_ref().map_or("CNY", |c| c.currency.as_str()),
            &mut contexts,
        );
        let catalogs = Catalogs {
            regions,
            themes,
            indicators,
            units,
        };

        let mut missing = Vec::new();
        let has_records = !files.cases.is_empty() || !files.programs.is_empty();
        for (file, name) in [
            (&files.regions, "regions.toml"),
            (&files.themes, "themes.toml"),
        ] {
            if has_records && file.is_none() {
                missing.push(
                    Diagnostic::new(format!("content/{name} is missing")).help(format!(
                        "every case and program names entries of content/{name}; create it"
                    )),
                );
            }
        }

        let cases = parse_all(&files.cases, |f, ctx| records::case(f, &catalogs, ctx));
        let programs = parse_all(&files.programs, |f, ctx| {
            records::program(f, &catalogs, ctx)
        });
        let pages = parse_all(&files.pages, records::page);
        Parts {
            config,
            catalogs,
            missing,
            catalog_problems: contexts
                .iter()
                .flat_map(|ctx| ctx.diags.iter().cloned())
                .collect(),
            cases,
            programs,
            pages,
        }
    }

    /// Parses one case file (again), against the catalogs as they are.
    pub fn parse_case(&self, file: &RecordFile) -> ParsedFile<Case> {
        parse_one(file, |f, ctx| records::case(f, &self.catalogs, ctx))
    }

    /// Parses one program file (again), against the catalogs as they are.
    pub fn parse_program(&self, file: &RecordFile) -> ParsedFile<Program> {
        parse_one(file, |f, ctx| records::program(f, &self.catalogs, ctx))
    }

    /// Every problem, of each file and across files (two records with one slug, a
    /// program that does not exist), sorted by file and position.
    pub fn problems(&self) -> Diagnostics {
        let mut diags = Diagnostics::new();
        self.missing.iter().for_each(|d| diags.push(d.clone()));
        check_duplicates(&self.cases, "case", &mut diags);
        check_duplicates(&self.programs, "program", &mut diags);
        check_duplicates(&self.pages, "page", &mut diags);
        check_program_refs(&self.cases, &self.programs, &mut diags);
        self.catalog_problems
            .iter()
            .for_each(|d| diags.push(d.clone()));
        let contexts = (self.cases.iter().map(|(_, ctx)| ctx))
            .chain(self.programs.iter().map(|(_, ctx)| ctx))
            .chain(self.pages.iter().map(|(_, ctx)| ctx));
        for ctx in contexts {
            ctx.diags.iter().for_each(|d| diags.push(d.clone()));
        }
        let mut sorted = Diagnostics::new();
        for d in diags.into_sorted() {
            sorted.push(d);
        }
        sorted
    }

    /// The site, with the drafts left out unless asked for; call it only when there
    /// are no [`Parts::problems`].
    pub fn into_site(self, options: &Options) -> Result<Site, Diagnostics> {
        let Some(config) = self.config else {
            return Err(Diagnostics::new());
        };
        Ok(assemble(
            config,
            self.catalogs,
            records(self.cases),
            records(self.programs),
            records(self.pages),
            options,
        ))
    }

    /// Like [`Parts::into_site`], keeping the parts (the records are copied).
    pub fn site(&self, options: &Options) -> Result<Site, Diagnostics> {
        let Some(config) = self.config.clone() else {
            return Err(Diagnostics::new());
        };
        let cases = self.cases.iter().filter_map(|(p, _)| p.as_ref());
        let programs = self.programs.iter().filter_map(|(p, _)| p.as_ref());
        let pages = self.pages.iter().filter_map(|(p, _)| p.as_ref());
        Ok(assemble(
            config,
            self.catalogs.clone(),
            cases.map(|p| p.record.clone()).collect(),
            programs.map(|p| p.record.clone()).collect(),
            pages.map(|p| p.record.clone()).collect(),
            options,
        ))
    }
}

/// The records that parsed, without their files.
fn records<T>(list: Vec<ParsedFile<T>>) -> Vec<T> {
    list.into_iter()
        .filter_map(|(parsed, _)| parsed.map(|p| p.record))
        .collect()
}

/// Whether a record is published: drafts only when asked for.
pub fn published(draft: bool, options: &Options) -> bool {
    options.drafts || !draft
}

/// The order of cases everywhere: newest first, then by slug.
pub fn case_order(a: &Case, b: &Case) -> Ordering {
    b.date
        .cmp(&a.date)
        .then_with(|| a.base.slug.cmp(&b.base.slug))
}

/// The order of programs everywhere: latest start first, then by slug.
pub fn program_order(a: &Program, b: &Program) -> Ordering {
    b.start
        .cmp(&a.start)
        .then_with(|| a.base.slug.cmp(&b.base.slug))
}

fn assemble(
    config: SiteConfig,
    catalogs: Catalogs,
    mut cases: Vec<Case>,
    mut programs: Vec<Program>,
    mut pages: Vec<Page>,
    options: &Options,
) -> Site {
    cases.retain(|c| published(c.base.draft, options));
    programs.retain(|p| published(p.base.draft, options));
    pages.retain(|p| published(p.draft, options));
    // Stable, as a serial sort: the same order on any number of threads.
    cases.par_sort_by(case_order);
    programs.par_sort_by(program_order);
    pages.sort_by(|a, b| {
        a.weight
            .cmp(&b.weight)
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.slug.cmp(&b.slug))
    });

    Site {
        config,
        regions: catalogs.regions,
        themes: catalogs.themes,
        indicators: catalogs.indicators,
        cases,
        programs,
        pages,
    }
}

/// Parses every file of a kind in parallel, keeping the files' order.
fn parse_all<T: Send>(
    files: &[RecordFile],
    parse: impl Fn(&RecordFile, &mut FileCtx) -> Option<Parsed<T>> + Sync,
) -> Vec<(Option<Parsed<T>>, FileCtx)> {
    files
        .par_iter()
        .map(|file| parse_one(file, &parse))
        .collect()
}

fn parse_one<T>(
    file: &RecordFile,
    parse: impl Fn(&RecordFile, &mut FileCtx) -> Option<Parsed<T>>,
) -> ParsedFile<T> {
    let mut ctx = FileCtx::new(file.source.clone(), 0);
    let parsed = parse(file, &mut ctx);
    (parsed, ctx)
}

trait Slugged {
    fn slug(&self) -> &str;
}

impl Slugged for crate::model::Case {
    fn slug(&self) -> &str {
        &self.base.slug
    }
}

impl Slugged for crate::model::Program {
    fn slug(&self) -> &str {
        &self.base.slug
    }
}

impl Slugged for crate::model::Page {
    fn slug(&self) -> &str {
        &self.slug
    }
}

/// Two records of a kind with one slug would write one page: both are named.
fn check_duplicates<T: Slugged>(
    list: &[(Option<Parsed<T>>, FileCtx)],
    kind: &str,
    diags: &mut Diagnostics,
) {
    let mut seen: BTreeMap<&str, &SourceText> = BTreeMap::new();
    for (parsed, ctx) in list {
        let Some(parsed) = parsed else { continue };
        let slug = parsed.record.slug();
        match seen.get(slug) {
            Some(first) => diags.push(
                Diagnostic::new(format!("two {kind}s have the slug `{slug}`"))
                    .at(ctx.src.clone(), Some(parsed.slug_span.clone()))
                    .label(format!(
                        "`{slug}` is also the slug of {}",
                        first.path.display()
                    ))
                    .help("give one of them another file name, or set `slug` in one of them"),
            ),
            None => {
                seen.insert(slug, &ctx.src);
            }
        }
    }
}

/// Every program a case names must exist (drafts count: they exist, only unpublished).
fn check_program_refs(
    cases: &[(Option<Parsed<crate::model::Case>>, FileCtx)],
    programs: &[(Option<Parsed<crate::model::Program>>, FileCtx)],
    diags: &mut Diagnostics,
) {
    // Programs whose file had errors still count as existing, by their file name,
    // so that one mistake is not reported twice.
    let mut slugs: Vec<String> = programs
        .iter()
        .map(|(parsed, ctx)| match parsed {
            Some(p) => p.record.base.slug.clone(),
            None => stem(&ctx.src),
        })
        .collect();
    slugs.sort();
    for (parsed, ctx) in cases {
        let Some(parsed) = parsed else { continue };
        for reference in &parsed.program_refs {
            if slugs.binary_search(&reference.value).is_ok() {
                continue;
            }
            let help = did_you_mean(&reference.value, slugs.iter().map(String::as_str))
                .or_else(|| Some("`programs` lists slugs of files in content/programs/".into()));
            diags.push(
                unknown_program(ctx, reference.span.clone(), &reference.value).help_opt(help),
            );
        }
    }
}

fn unknown_program(ctx: &FileCtx, span: Range<usize>, slug: &str) -> Diagnostic {
    Diagnostic::new(format!("unknown program `{slug}`"))
        .at(ctx.src.clone(), Some(span))
        .label("no such file in content/programs/")
}

fn stem(source: &SourceText) -> String {
    source
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}
