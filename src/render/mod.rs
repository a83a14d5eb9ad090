//! Render: every page of the site through Tera, in parallel, into memory. Nothing is
//! written here; a template error is a diagnostic like a content error.

pub mod charts;
pub mod context;
pub mod dashboard;
pub mod data;
pub mod discovery;
pub mod feed;
#[cfg(test)]
mod fixture;
pub mod labels;
pub mod links;
pub mod markdown;
pub mod paginate;
mod prepared;
pub mod search;
mod sink;
pub mod sitemap;
pub mod urls;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering as AtomicOrdering};

use include_dir::{Dir, include_dir};
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, ErrorKind, Tera};

use crate::diagnostics::{Diagnostic, Diagnostics, SourceText};
use crate::load::StaticFile;
use crate::model::index::Index;
use crate::model::quantity::Lang;
use crate::model::{RecordRef, RegionId, Site};
use crate::render::links::BodyOf;

use charts::Charts;
use context::{Ctx, Link, TermView};
use dashboard::Dashboard;
use labels::Labels;
use prepared::Prepared;
pub use sink::{Collect, Discard, Fill, Sink};
use urls::Route;

/// The built-in theme: templates, translations and assets, inside the binary.
static THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// What goes into an output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    Bytes(Vec<u8>),
    /// A static file, copied when written.
    Copy(PathBuf),
}

/// One file of the output, by its path relative to the output folder (`/`-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub content: Content,
}

/// The compiled templates, labels and assets of a build.
pub struct Renderer {
    tera: Tera,
    labels: Labels,
    /// Template sources by name, to point errors into them.
    sources: BTreeMap<String, SourceText>,
    /// Theme assets by output path.
    assets: BTreeMap<String, Vec<u8>>,
    /// How many distinct charts the last rendering drew.
    charts_drawn: AtomicUsize,
}

/// Which part of a theme folder a file belongs to.
enum ThemeFile<'a> {
    Template(&'a str),
    Labels(&'a str),
    Asset(&'a str),
}

fn classify(name: &str) -> ThemeFile<'_> {
    if let Some(asset) = name.strip_prefix("static/") {
        ThemeFile::Asset(asset)
    } else if let Some(lang) = name
        .strip_prefix("i18n/")
        .and_then(|f| f.strip_suffix(".toml"))
    {
        ThemeFile::Labels(lang)
    } else {
        ThemeFile::Template(name)
    }
}

fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Zh => "zh",
    }
}

impl Renderer {
    /// Compiles the built-in theme with the site's own templates laid over it.
    pub fn new(
        site_templates: &[(String, SourceText)],
        language: Lang,
    ) -> Result<Renderer, Diagnostics> {
        let mut diags = Diagnostics::new();
        let mut sources: BTreeMap<String, SourceText> = BTreeMap::new();
        let mut assets = BTreeMap::new();
        let mut label_files: Vec<SourceText> = Vec::new();
        let wanted_labels = lang_code(language);

        let mut builtin = Vec::new();
        collect_embedded(&THEME, &mut builtin);
        for (name, bytes) in builtin {
            match classify(&name) {
                ThemeFile::Asset(asset) => {
                    assets.insert(asset.to_string(), bytes.to_vec());
                }
                ThemeFile::Labels(lang) if lang == wanted_labels => {
                    let text = String::from_utf8_lossy(bytes).into_owned();
                    label_files.insert(
                        0,
                        SourceText::new(format!("(built-in theme) templates/{name}"), text),
                    );
                }
                ThemeFile::Labels(_) => {}
                ThemeFile::Template(template) => {
                    let text = String::from_utf8_lossy(bytes).into_owned();
                    sources.insert(
                        template.to_string(),
                        SourceText::new(format!("(built-in theme) templates/{name}"), text),
                    );
                }
            }
        }
        for (name, source) in site_templates {
            match classify(name) {
                // A site's own assets belong in static/; under templates/static they
                // still override the theme's.
                ThemeFile::Asset(asset) => {
                    assets.insert(asset.to_string(), source.text.as_bytes().to_vec());
                }
                ThemeFile::Labels(lang) if lang == wanted_labels => {
                    label_files.push(source.clone())
                }
                ThemeFile::Labels(_) => {}
                ThemeFile::Template(template) => {
                    sources.insert(template.to_string(), source.clone());
                }
            }
        }

        let mut labels = Labels::default();
        for file in &label_files {
            labels.overlay(file, &mut diags);
        }

        let mut tera = Tera::new();
        let templates: Vec<(&str, &str)> = sources
            .iter()
            .map(|(n, s)| (n.as_str(), &*s.text))
            .collect();
        if let Err(err) = tera.add_raw_templates(templates) {
            diags.push(template_diagnostic(&err, &sources));
        }
        if diags.is_empty() {
            Ok(Renderer {
                tera,
                labels,
                sources,
                assets,
                charts_drawn: AtomicUsize::new(0),
            })
        } else {
            Err(diags)
        }
    }

    /// Renders the whole site into memory, in parallel. Output files are sorted by path.
    pub fn render_site(
        &self,
        site: &Site,
        index: &Index,
        static_files: &[StaticFile],
    ) -> Result<Vec<OutputFile>, Diagnostics> {
        let files = Collect::default();
        let bodies = links::BodySource::fresh(site);
        self.render_site_with(site, index, &bodies, static_files, &|| {}, &files)?;
        Ok(files.into_files())
    }

    /// Renders the whole site with its bodies from `bodies`, handing each file to
    /// `sink` as soon as it is made and calling `tick` as each page is done (for a
    /// progress bar). Returns the paths of the output's files, sorted.
    pub fn render_site_with(
        &self,
        site: &Site,
        index: &Index,
        bodies: &links::BodySource<'_>,
        static_files: &[StaticFile],
        tick: &(dyn Fn() + Sync),
        sink: &dyn Sink,
    ) -> Result<Vec<String>, Diagnostics> {
        let static_paths: BTreeSet<&str> =
            static_files.iter().map(|f| f.relative.as_str()).collect();
        // The search index is made on threads of its own while the rest is (see
        // `search`); they borrow the site, and end with this scope. A build that fails
        // drops the indexer, which then makes no further shard.
        let search_clashes = if site.config.search {
            search::static_clashes(&static_paths)
        } else {
            Diagnostics::new()
        };
        let made = std::thread::scope(|scope| {
            let search = (site.config.search && search_clashes.is_empty())
                .then(|| search::Indexer::start(scope, site, &self.labels, sink));
            // The exports need neither the dashboard nor a page: they are written while
            // those are made, so that no core waits, at the start or at the end.
            let ((pages, mut diags), exported) = rayon::join(
                || {
                    let dashboard = Dashboard::new(site);
                    let jobs = jobs(site, index);
                    self.render_pages(site, index, &dashboard, bodies, &jobs, tick, sink)
                },
                || data::write_exports(site, sink),
            );
            // A static file at the path of a page or export is reported with the pages'
            // own problems, if any: every problem of the build together.
            let mut made: BTreeSet<String> = pages.into_iter().collect();
            made.extend(data::export_paths(site));
            for file in static_files {
                if made.contains(&file.relative) {
                    diags.push(
                        Diagnostic::in_file(
                            format!(
                                "static/{} would overwrite a page that Casebook makes",
                                file.relative
                            ),
                            Path::new("static").join(&file.relative),
                        )
                        .help("rename or move this file"),
                    );
                }
            }
            if !diags.is_empty() {
                diags.extend(exported.err().unwrap_or_default());
                return Err(diags);
            }
            // Then the theme's assets, the static files, the sitemap and the feeds.
            let rest = self.write_the_rest(site, index, static_files, &static_paths, made, sink);
            // The search index is waited for here, on the caller's thread, never on one of
            // rayon's: pagefind uses rayon's threads too, and a rayon thread waiting for it
            // could wait for itself (a build hung that way).
            let searched = match search {
                Some(search) if exported.is_ok() && rest.is_ok() => search.finish(),
                // The build failed: the index stops (when the scope ends) unfinished.
                _ => Ok(Vec::new()),
            };
            match (exported, rest, searched) {
                (Ok(()), Ok(mut made), Ok(searched)) => {
                    made.extend(searched);
                    Ok(made.into_iter().collect())
                }
                (exported, rest, searched) => {
                    let mut diags = Diagnostics::new();
                    for more in [exported.err(), rest.err(), searched.err()]
                        .into_iter()
                        .flatten()
                    {
                        diags.extend(more);
                    }
                    Err(diags)
                }
            }
        });
        match made {
            Ok(_) if !search_clashes.is_empty() => Err(search_clashes),
            Ok(made) => Ok(made),
            Err(mut diags) => {
                diags.extend(search_clashes);
                Err(diags)
            }
        }
    }

    /// Renders the pages of `jobs` in parallel, handing each to `sink`: every page for
    /// a build, the pages a change touched for `casebook serve`. Returns the paths of
    /// the pages made and the problems of the others, each template mistake once. The
    /// first file that cannot be written stops the rendering.
    #[allow(clippy::too_many_arguments)]
    pub fn render_pages(
        &self,
        site: &Site,
        index: &Index,
        dashboard: &Dashboard,
        bodies: &links::BodySource<'_>,
        jobs: &[Job],
        tick: &(dyn Fn() + Sync),
        sink: &dyn Sink,
    ) -> (Vec<String>, Diagnostics) {
        let charts = Charts::default();
        let prepared = Prepared::new(site);
        let ctx = Ctx {
            site,
            index,
            labels: &self.labels,
            dashboard,
            charts: &charts,
            prepared: &prepared,
        };
        let mut globals = Context::new();
        globals.insert("site", &SiteView::new(site, &self.labels));
        globals.insert("t", &self.labels);

        let write_failed = AtomicBool::new(false);
        let results: Vec<Option<Result<String, Vec<Diagnostic>>>> = jobs
            .par_iter()
            .map(|job| {
                if write_failed.load(AtomicOrdering::Relaxed) {
                    return None;
                }
                let (path, html) = match self.render_job(&ctx, &globals, bodies, job) {
                    Ok(page) => page,
                    Err(d) => return Some(Err(d)),
                };
                let written = sink
                    .put(path.clone(), html)
                    .map(|()| path)
                    .map_err(|d| vec![d]);
                if written.is_err() {
                    write_failed.store(true, AtomicOrdering::Relaxed);
                }
                tick();
                Some(written)
            })
            .collect();
        self.charts_drawn
            .store(charts.count(), AtomicOrdering::Relaxed);

        let mut diags = Diagnostics::new();
        let mut pages = Vec::with_capacity(results.len());
        let mut seen_errors = std::collections::BTreeSet::new();
        for result in results.into_iter().flatten() {
            match result {
                Ok(path) => pages.push(path),
                // The same template mistake fails every page that uses it: say it once.
                Err(problems) => {
                    for d in problems {
                        if seen_errors.insert((d.position(), d.message.clone())) {
                            diags.push(d);
                        }
                    }
                }
            }
        }
        (pages, diags)
    }

    /// The labels of the theme, in the site's language.
    pub fn labels(&self) -> &Labels {
        &self.labels
    }

    /// Writes what comes after the pages and exports: the theme's assets (unless a
    /// static file of the site's own replaces one), the static files, and the sitemap
    /// and feeds, whose list of pages (`made`) already holds the exports' paths.
    /// Returns every path written.
    fn write_the_rest(
        &self,
        site: &Site,
        index: &Index,
        static_files: &[StaticFile],
        static_paths: &BTreeSet<&str>,
        mut made: BTreeSet<String>,
        sink: &dyn Sink,
    ) -> Result<BTreeSet<String>, Diagnostics> {
        for (path, bytes) in &self.assets {
            if !static_paths.contains(path.as_str()) {
                made.insert(path.clone());
                sink.put(path.clone(), bytes.clone())?;
            }
        }
        for file in static_files {
            made.insert(file.relative.clone());
            sink.copy(file.relative.clone(), &file.absolute)?;
        }
        for (path, bytes) in discovery::files(site, index, &made, static_paths)? {
            made.insert(path.clone());
            sink.put(path, bytes)?;
        }
        Ok(made)
    }

    /// How many distinct charts the last rendering drew.
    pub fn charts_drawn(&self) -> usize {
        self.charts_drawn.load(AtomicOrdering::Relaxed)
    }

    fn render_job(
        &self,
        ctx: &Ctx<'_>,
        globals: &Context,
        bodies: &links::BodySource<'_>,
        job: &Job,
    ) -> Result<(String, Vec<u8>), Vec<Diagnostic>> {
        let site = ctx.site;
        let base_url = &site.config.base_url;
        let mut c = globals.clone();
        let t = &self.labels;
        let (route, template, title, description, section) = match job {
            Job::Home => {
                c.insert("stats", &ctx.stats());
                let first_six = |refs: &[RecordRef]| ctx.cards(&refs[..refs.len().min(6)]);
                c.insert("latest_cases", &first_six(&ctx.index.cases));
                c.insert("programs", &first_six(&ctx.index.programs));
                c.insert("themes", &ctx.theme_summaries());
                c.insert("home_chart", &dashboard::themes_chart(ctx, ctx.charts));
                (
                    urls::home(),
                    "index.html",
                    site.config.title.clone(),
                    site.config.description.clone(),
                    "home",
                )
            }
            Job::Cases(n) => {
                let list = urls::section("cases");
                let page = paginate::paginate(
                    &ctx.index.cases,
                    *n,
                    site.config.paginate_by,
                    &list,
                    base_url,
                );
                c.insert("records", &ctx.cards(page.items));
                c.insert("paginator", &page.paginator);
                let title = page.paginator.title(t.get("cases"), t);
                (page.route, "cases.html", title, None, "cases")
            }
            Job::Programs(n) => {
                let list = urls::section("programs");
                let page = paginate::paginate(
                    &ctx.index.programs,
                    *n,
                    site.config.paginate_by,
                    &list,
                    base_url,
                );
                c.insert("records", &ctx.cards(page.items));
                c.insert("paginator", &page.paginator);
                let title = page.paginator.title(t.get("programs"), t);
                (page.route, "programs.html", title, None, "programs")
            }
            Job::Case(i) => {
                let case = &site.cases[*i];
                let body = bodies.html(site, BodyOf::Case(*i))?;
                c.insert("case", &ctx.case_view(*i, case, body));
                c.insert(
                    "charts",
                    &ctx.dashboard.record_charts(ctx, ctx.charts, &case.base),
                );
                let summary = Some(case.base.summary.clone());
                (
                    urls::case(&case.base.slug),
                    "case.html",
                    case.base.title.clone(),
                    summary,
                    "cases",
                )
            }
            Job::Program(i) => {
                let program = &site.programs[*i];
                let body = bodies.html(site, BodyOf::Program(*i))?;
                c.insert("program", &ctx.program_view(*i, program, body));
                c.insert(
                    "charts",
                    &ctx.dashboard.record_charts(ctx, ctx.charts, &program.base),
                );
                c.insert(
                    "progress_chart",
                    &ctx.dashboard.progress_chart(ctx, ctx.charts, program),
                );
                let summary = Some(program.base.summary.clone());
                (
                    urls::program(&program.base.slug),
                    "program.html",
                    program.base.title.clone(),
                    summary,
                    "programs",
                )
            }
            Job::Regions => {
                let tree: Vec<_> = site
                    .regions
                    .roots
                    .iter()
                    .map(|r| ctx.region_node(*r))
                    .collect();
                c.insert("tree", &tree);
                (
                    urls::section("regions"),
                    "regions.html",
                    t.get("regions"),
                    None,
                    "regions",
                )
            }
            Job::Region(id, n) => {
                let region = site.regions.region(*id);
                let records = &ctx.index.region_records[*id];
                let list = urls::region(&region.id);
                let page =
                    paginate::paginate(records, *n, site.config.paginate_by, &list, base_url);
                c.insert("region", &ctx.region_view(*id, page.items));
                c.insert("paginator", &page.paginator);
                c.insert("figures", &ctx.dashboard.region_figures(ctx, *id));
                c.insert("chart", &dashboard::children_chart(ctx, ctx.charts, *id));
                let title = page.paginator.title(region.name.clone(), t);
                (page.route, "region.html", title, None, "regions")
            }
            Job::Themes => {
                c.insert("themes", &ctx.theme_summaries());
                (
                    urls::section("themes"),
                    "themes.html",
                    t.get("themes"),
                    None,
                    "themes",
                )
            }
            Job::Theme(key, n) => {
                let theme = &site.themes[key];
                let records = ctx
                    .index
                    .theme_records
                    .get(key)
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                let route = urls::theme(key);
                let page =
                    paginate::paginate(records, *n, site.config.paginate_by, &route, base_url);
                c.insert(
                    "theme",
                    &TermView {
                        title: Cow::Borrowed(&theme.label),
                        url: route.url(base_url),
                        description: theme.description.as_deref(),
                        records: ctx.cards(page.items),
                    },
                );
                c.insert("paginator", &page.paginator);
                let title = page.paginator.title(theme.label.clone(), t);
                (
                    page.route,
                    "theme.html",
                    title,
                    theme.description.clone(),
                    "themes",
                )
            }
            Job::Tags => {
                c.insert("tags", &ctx.tag_summaries());
                (
                    urls::section("tags"),
                    "tags.html",
                    t.get("tags"),
                    None,
                    "tags",
                )
            }
            Job::Tag(slug, n) => {
                let tag = &ctx.index.tags[slug];
                let route = urls::tag(slug);
                let page =
                    paginate::paginate(&tag.records, *n, site.config.paginate_by, &route, base_url);
                c.insert(
                    "tag",
                    &TermView {
                        title: Cow::Borrowed(&tag.name),
                        url: route.url(base_url),
                        description: None,
                        records: ctx.cards(page.items),
                    },
                );
                c.insert("paginator", &page.paginator);
                let title = page.paginator.title(tag.name.clone(), t);
                (page.route, "tag.html", title, None, "tags")
            }
            Job::Years => {
                c.insert("years", &ctx.year_summaries());
                (
                    urls::section("years"),
                    "years.html",
                    t.get("years"),
                    None,
                    "years",
                )
            }
            Job::Year(year, n) => {
                let route = urls::year(*year);
                let records = &ctx.index.years[year];
                let page =
                    paginate::paginate(records, *n, site.config.paginate_by, &route, base_url);
                c.insert(
                    "year",
                    &TermView {
                        title: Cow::Owned(year.to_string()),
                        url: route.url(base_url),
                        description: None,
                        records: ctx.cards(page.items),
                    },
                );
                c.insert("paginator", &page.paginator);
                let title = page.paginator.title(year.to_string(), t);
                (page.route, "year.html", title, None, "years")
            }
            Job::Page(i) => {
                let page = &site.pages[*i];
                let body = bodies.html(site, BodyOf::Page(*i))?;
                c.insert("content", &ctx.page_view(page, body));
                (
                    urls::page(&page.slug),
                    "page.html",
                    page.title.clone(),
                    page.summary.clone(),
                    "pages",
                )
            }
            Job::Indicators => {
                c.insert("indicators", &ctx.dashboard.summaries(ctx, ctx.charts));
                (
                    urls::section("indicators"),
                    "indicators.html",
                    t.get("indicators"),
                    None,
                    "indicators",
                )
            }
            Job::Indicator(key) => {
                let view = ctx.dashboard.view(ctx, ctx.charts, key);
                let title = view
                    .as_ref()
                    .map_or_else(|| key.clone(), |v| v.summary.label.clone());
                let description = view.as_ref().and_then(|v| v.summary.description.clone());
                c.insert("indicator", &view);
                (
                    urls::indicator(key),
                    "indicator.html",
                    title,
                    description,
                    "indicators",
                )
            }
            Job::Search => (
                urls::section("search"),
                "search.html",
                t.get("search"),
                None,
                "search",
            ),
            Job::NotFound => (
                Route::file("404.html"),
                "404.html",
                t.get("not_found_title"),
                None,
                "404",
            ),
        };
        c.insert(
            "page",
            &PageMeta {
                title,
                description: description
                    .or_else(|| site.config.description.clone())
                    .unwrap_or_default(),
                url: route.url(base_url),
                section,
            },
        );
        // Room for a typical page (a case is about 25 KB): rendering then grows the
        // buffer once or not at all, and bytes need no UTF-8 check as a String would.
        let mut html = Vec::with_capacity(48 * 1024);
        self.tera
            .render_to(template, &c, &mut html)
            .map_err(|err| vec![template_diagnostic(&err, &self.sources)])?;
        Ok((route.output_file(), html))
    }
}

/// One page to render. A list's last number is its page, from 1 (see [`paginate`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Job {
    Home,
    Cases(usize),
    Case(usize),
    Programs(usize),
    Program(usize),
    Regions,
    Region(RegionId, usize),
    Themes,
    Theme(String, usize),
    Tags,
    Tag(String, usize),
    Years,
    Year(i32, usize),
    Page(usize),
    Search,
    Indicators,
    Indicator(String),
    NotFound,
}

/// Every page of the site.
pub fn jobs(site: &Site, index: &Index) -> Vec<Job> {
    let mut jobs = vec![
        Job::Home,
        Job::Regions,
        Job::Themes,
        Job::Tags,
        Job::Years,
        Job::NotFound,
    ];
    if site.config.search {
        jobs.push(Job::Search);
    }
    let pages = |len: usize| paginate::numbers(len, site.config.paginate_by);
    jobs.extend(pages(site.cases.len()).map(Job::Cases));
    jobs.extend(pages(site.programs.len()).map(Job::Programs));
    jobs.extend((0..site.cases.len()).map(Job::Case));
    jobs.extend((0..site.programs.len()).map(Job::Program));
    for (id, records) in index.region_records.iter().enumerate() {
        jobs.extend(pages(records.len()).map(|n| Job::Region(id, n)));
    }
    for key in site.themes.keys() {
        let len = index.theme_records.get(key).map_or(0, Vec::len);
        jobs.extend(pages(len).map(|n| Job::Theme(key.clone(), n)));
    }
    for (slug, tag) in &index.tags {
        jobs.extend(pages(tag.records.len()).map(|n| Job::Tag(slug.clone(), n)));
    }
    for (year, records) in &index.years {
        jobs.extend(pages(records.len()).map(|n| Job::Year(*year, n)));
    }
    jobs.extend((0..site.pages.len()).map(Job::Page));
    jobs.push(Job::Indicators);
    jobs.extend(site.indicators.keys().cloned().map(Job::Indicator));
    jobs
}

#[derive(Serialize)]
struct PageMeta {
    title: String,
    description: String,
    url: String,
    section: &'static str,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    base_url: &'a str,
    language: &'static str,
    lang_tag: &'static str,
    currency: &'a str,
    money_style: &'static str,
    menu: Vec<Link<'a>>,
    /// The main sections in menu order, with their labels and list URLs: the same
    /// for every page, so built once rather than in the header of each.
    sections: Vec<SectionLink<'a>>,
    /// Whether the site has search (`search` in site.toml).
    search: bool,
    generator: String,
    extra: &'a serde_json::Value,
}

/// A main section of the site, in `site.sections`.
#[derive(Serialize)]
struct SectionLink<'a> {
    key: &'static str,
    title: &'a str,
    url: String,
}

/// The sections of the main menu, in its order.
const MENU_SECTIONS: [&str; 6] = [
    "cases",
    "programs",
    "regions",
    "themes",
    "years",
    "indicators",
];

impl<'a> SiteView<'a> {
    fn new(site: &'a Site, labels: &'a Labels) -> Self {
        let config = &site.config;
        SiteView {
            title: &config.title,
            description: config.description.as_deref(),
            base_url: &config.base_url,
            language: lang_code(config.language),
            lang_tag: lang_tag(config.language),
            currency: &config.currency,
            money_style: match config.money_style {
                crate::model::quantity::MoneyStyle::Western => "western",
                crate::model::quantity::MoneyStyle::Chinese => "chinese",
            },
            menu: context::menu(site),
            sections: MENU_SECTIONS
                .iter()
                .map(|key| SectionLink {
                    key,
                    title: labels.text(key),
                    url: urls::section(key).url(&config.base_url),
                })
                .collect(),
            search: config.search,
            generator: format!("Casebook {}", env!("CARGO_PKG_VERSION")),
            extra: &config.extra,
        }
    }
}

/// The HTML `lang` of the pages.
pub fn lang_tag(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Zh => "zh-CN",
    }
}

fn collect_embedded(dir: &'static Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
    for file in dir.files() {
        let name = file
            .path()
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        out.push((name, file.contents()));
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

/// A Tera error as an editor's diagnostic, pointing into the template.
fn template_diagnostic(err: &tera::Error, sources: &BTreeMap<String, SourceText>) -> Diagnostic {
    match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let mut message = format!("template error: {}", report.message());
            if let Some(cause) = std::error::Error::source(err) {
                message.push_str(&format!(": {cause}"));
            }
            let d = Diagnostic::new(message).label("here");
            match sources.get(report.filename()) {
                Some(source) => d.at(source.clone(), Some(report.span().range.clone())),
                None => d.help(format!("in template `{}`", report.filename())),
            }
        }
        _ => Diagnostic::new(format!("template error: {err}"))
            .help("check the names of templates in extends and include"),
    }
}
