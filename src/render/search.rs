//! The search index, made at build time by pagefind's Rust API (with its `extended`
//! feature, which segments Chinese words) and written under `/pagefind/` with
//! pagefind's search script. The search page (`search.js`) runs it in the reader's
//! browser: no server is needed.
//!
//! The index is made from the model, not from the rendered pages: each case, program
//! and free page is one record of its title, summary, narrative (as plain text),
//! recognition or institution, partners and eligibility, region, themes and tags, with
//! its kind, type and region to show in the results and its type, regions (with those
//! above) and themes to filter by. So the index does not wait for the pages: it is
//! made on threads of their own while they render, and it reads a few kilobytes of
//! text per record instead of a whole page.
//!
//! A large site's index is made in shards of `search_shard_size` records: pagefind
//! indexes one record at a time and holds every word of every record until it writes
//! its files (about 230 KB a record), so one index of 11,000 records took 2.7 GB and
//! one thread. Shards are made [`WORKERS`] at a time; a shard makes its records when
//! it starts and hands its files to the build's sink as soon as it is made, so a build
//! holds the records and the index of two shards at most, not of the whole site. The
//! first is the main bundle (`pagefind/`), the others are bundles of their own
//! (`pagefind/shard-N/`) listed in `pagefind/shards.json`, and the search page merges
//! them into the first with pagefind's `mergeIndex`: one search over every record.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{Scope, ScopedJoinHandle};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{RecordBase, RegionId, Site};

use super::labels::Labels;
use super::markdown;
use super::sink::Sink;
use super::urls::{self, Route};

/// The folder of the index in the output.
pub const DIR: &str = "pagefind";

/// How many shards are made at once.
const WORKERS: usize = 2;

/// The list of the bundles to merge into the first, under [`DIR`].
pub const SHARDS_FILE: &str = "shards.json";

/// Files pagefind makes for its own ready-made interfaces, which the built-in search
/// page does not load: they are left out of the output.
fn is_unused(name: &str) -> bool {
    [
        "pagefind-ui.",
        "pagefind-modular-ui.",
        "pagefind-component-ui.",
    ]
    .iter()
    .any(|prefix| name.starts_with(prefix))
        || name == "pagefind-highlight.js"
}

/// pagefind's scripts and WebAssembly, which only the main bundle needs: a merged
/// bundle is searched with the main one's (pagefind loads only its entry, meta, index,
/// fragment and filter files).
fn is_runtime(name: &str) -> bool {
    name == "pagefind.js" || name == "pagefind-worker.js" || name.starts_with("wasm.")
}

/// One record of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRecord {
    /// The URL path from the site root (`/cases/wuxing/`).
    pub url: String,
    /// The text to search and to take excerpts from.
    pub content: String,
    /// Shown with a result: `title`, `kind` (case, program or page), `type` (its
    /// label) and, for records, `region`.
    pub meta: BTreeMap<String, String>,
    /// What the search page filters by: `type`, `region` and `theme`.
    pub filters: BTreeMap<String, Vec<String>>,
}

/// How many records the site's index holds: its cases, programs and free pages.
pub fn record_count(site: &Site) -> usize {
    site.cases.len() + site.programs.len() + site.pages.len()
}

/// The records of the site's cases, programs and free pages, in that order (the order
/// of the index's pages, so that a build is the same every time).
pub fn records(site: &Site, labels: &Labels) -> Vec<SearchRecord> {
    (0..record_count(site))
        .into_par_iter()
        .map(|n| record_at(site, labels, n))
        .collect()
}

/// The `n`th record of [`records`], made alone (a shard makes only its own).
fn record_at(site: &Site, labels: &Labels, n: usize) -> SearchRecord {
    let (cases, programs) = (site.cases.len(), site.programs.len());
    if n < cases {
        let case = &site.cases[n];
        let extra: Vec<&str> = case.recognition.iter().map(String::as_str).collect();
        let route = urls::case(&case.base.slug);
        return record_of(site, labels, "case", route, &case.base, &extra);
    }
    if n < cases + programs {
        let program = &site.programs[n - cases];
        let extra: Vec<&str> = [program.institution.as_str()]
            .into_iter()
            .chain(program.partners.iter().map(String::as_str))
            .chain(program.eligibility.as_deref())
            .collect();
        let route = urls::program(&program.base.slug);
        return record_of(site, labels, "program", route, &program.base, &extra);
    }
    let page = &site.pages[n - cases - programs];
    let mut content = page.title.clone();
    push_text(&mut content, page.summary.as_deref().unwrap_or_default());
    push_text(&mut content, &markdown::plain_text(page.body()));
    let kind_label = labels.get("page");
    SearchRecord {
        url: urls::page(&page.slug).url("/"),
        content,
        meta: BTreeMap::from([
            ("title".to_string(), page.title.clone()),
            ("kind".to_string(), "page".to_string()),
            ("type".to_string(), kind_label.clone()),
        ]),
        filters: BTreeMap::from([("type".to_string(), vec![kind_label])]),
    }
}

fn record_of(
    site: &Site,
    labels: &Labels,
    kind: &str,
    route: Route,
    base: &RecordBase,
    extra: &[&str],
) -> SearchRecord {
    let region_name = |id: RegionId| site.regions.region(id).name.clone();
    let themes: Vec<String> = base
        .themes
        .iter()
        .filter_map(|key| site.themes.get(key))
        .map(|theme| theme.label.clone())
        .collect();
    let mut content = base.title.clone();
    push_text(&mut content, &base.summary);
    for text in extra {
        push_text(&mut content, text);
    }
    push_text(&mut content, &markdown::plain_text(base.body()));
    // The words of the facts beside the narrative: where, which themes, which tags.
    push_text(&mut content, &region_name(base.region));
    push_text(&mut content, &themes.join(", "));
    push_text(&mut content, &base.tags.join(", "));
    let kind_label = labels.get(kind);
    SearchRecord {
        url: route.url("/"),
        content,
        meta: BTreeMap::from([
            ("title".to_string(), base.title.clone()),
            ("kind".to_string(), kind.to_string()),
            ("type".to_string(), kind_label.clone()),
            ("region".to_string(), region_name(base.region)),
        ]),
        filters: BTreeMap::from([
            ("type".to_string(), vec![kind_label]),
            (
                "region".to_string(),
                site.regions
                    .ancestry(base.region)
                    .into_iter()
                    .map(region_name)
                    .collect(),
            ),
            ("theme".to_string(), themes),
        ]),
    }
}

/// Appends a paragraph of text, so that words of two fields never run together.
fn push_text(content: &mut String, text: &str) {
    let text = text.trim();
    if !text.is_empty() {
        if !content.is_empty() {
            content.push('\n');
        }
        content.push_str(text);
    }
}

/// The files of an index by output path (`pagefind/…`), sorted.
pub type IndexFiles = Vec<(String, Vec<u8>)>;

/// Takes each file of the index, by its output path, as soon as its shard is made.
type Emit<'a> = dyn Fn(String, Vec<u8>) -> Result<(), Diagnostic> + Sync + 'a;

/// The site's index being made on threads of their own while the pages render (see
/// the module's comment), each shard's files handed to the build's sink as soon as the
/// shard is made. Dropped without [`Indexer::finish`] (the build failed), it makes no
/// further shard.
pub struct Indexer<'scope> {
    thread: Option<ScopedJoinHandle<'scope, Result<Vec<String>, Diagnostics>>>,
    stop: Arc<AtomicBool>,
}

impl Drop for Indexer<'_> {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

impl<'scope> Indexer<'scope> {
    /// Starts indexing `site` into `sink`.
    pub fn start<'env>(
        scope: &'scope Scope<'scope, 'env>,
        site: &'env Site,
        labels: &'env Labels,
        sink: &'env dyn Sink,
    ) -> Indexer<'scope> {
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = scope.spawn(move || {
            let written = Mutex::new(Vec::new());
            let emit = |path: String, bytes: Vec<u8>| {
                sink.put(path.clone(), bytes)?;
                lock(&written).push(path);
                Ok(())
            };
            let language = super::lang_tag(site.config.language).to_ascii_lowercase();
            make(
                record_count(site),
                &|range| range.map(|n| record_at(site, labels, n)).collect(),
                &language,
                site.config.search_shard_size,
                &stopped,
                &emit,
            )?;
            Ok(written.into_inner().unwrap_or_else(|e| e.into_inner()))
        });
        Indexer {
            thread: Some(thread),
            stop,
        }
    }

    /// Waits for the index and returns the paths of its files. Never call it on one
    /// of rayon's threads: pagefind makes its files on them, so that thread would wait
    /// for itself.
    pub fn finish(mut self) -> Result<Vec<String>, Diagnostics> {
        debug_assert!(
            rayon::current_thread_index().is_none(),
            "Indexer::finish on a rayon thread can deadlock"
        );
        let Some(thread) = self.thread.take() else {
            return Ok(Vec::new());
        };
        thread
            .join()
            .unwrap_or_else(|_| Err(fault("the search index could not be made").into()))
    }
}

/// The index's folder is Casebook's: a file of the site's own `static/` folder in it
/// (or at its path) is an error, and the index is not made then.
pub fn static_clashes(static_paths: &BTreeSet<&str>) -> Diagnostics {
    let mut clashes = Diagnostics::new();
    for path in static_paths.iter().filter(|p| in_index_folder(p)) {
        clashes.push(
            Diagnostic::in_file(
                format!(
                    "static/{path} is in the folder of the search index, which Casebook writes"
                ),
                format!("static/{path}"),
            )
            .help(format!(
                "move it out of static/{DIR}/, or set search = false in site.toml"
            )),
        );
    }
    clashes
}

/// Whether a path of the output is the index's folder or in it.
fn in_index_folder(path: &str) -> bool {
    path.strip_prefix(DIR)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// A failure that no edit of the site causes or mends.
fn fault(message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(message)
        .help("this is a fault in Casebook or pagefind; please report it with the site")
}

/// Indexes `records`, whose text is in `language`, and returns the files of the index:
/// its shards of `shard_size` records (fewer shards mean fewer files for the browser to
/// fetch per search, more mean less memory for the build), made [`WORKERS`] at a time,
/// and the list of those after the first.
pub fn index(
    records: Vec<SearchRecord>,
    language: &str,
    shard_size: usize,
) -> Result<IndexFiles, Diagnostic> {
    index_until(records, language, shard_size, &AtomicBool::new(false))
}

/// [`index`], making no further shard once `stop` is set (what it returns then is not
/// the whole index and is thrown away).
fn index_until(
    records: Vec<SearchRecord>,
    language: &str,
    shard_size: usize,
    stop: &AtomicBool,
) -> Result<IndexFiles, Diagnostic> {
    let count = records.len();
    // Each record is moved to the shard that indexes it.
    let records: Vec<Mutex<Option<SearchRecord>>> =
        records.into_iter().map(|r| Mutex::new(Some(r))).collect();
    let files = Mutex::new(Vec::new());
    make(
        count,
        &|range| range.filter_map(|n| lock(&records[n]).take()).collect(),
        &language.to_ascii_lowercase(),
        shard_size,
        stop,
        &|path, bytes| {
            lock(&files).push((path, bytes));
            Ok(())
        },
    )?;
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort();
    Ok(files)
}

/// Makes the index of `count` records, those of a shard made by `records(range)` when
/// the shard starts, in shards of `shard_size`, [`WORKERS`] at a time; each file goes
/// to `emit` as soon as its shard is made, and the list of the shards after the first
/// last.
fn make(
    count: usize,
    records: &(dyn Fn(Range<usize>) -> Vec<SearchRecord> + Sync),
    language: &str,
    shard_size: usize,
    stop: &AtomicBool,
    emit: &Emit<'_>,
) -> Result<(), Diagnostic> {
    let shard_size = shard_size.max(1);
    let shards = count.div_ceil(shard_size).max(1);
    let next = AtomicUsize::new(0);
    // Set when a shard fails (or its thread panics): the other worker stops too.
    let failed = AtomicBool::new(false);
    let halted = || stop.load(Ordering::Relaxed) || failed.load(Ordering::Relaxed);
    let worker = || -> Result<(), Diagnostic> {
        let _guard = FailOnPanic(&failed);
        while !halted() {
            let n = next.fetch_add(1, Ordering::Relaxed);
            if n >= shards {
                break;
            }
            let range = n * shard_size..((n + 1) * shard_size).min(count);
            let made = index_shard(records(range), language, &halted).and_then(|files| {
                let prefix = shard_dir(n);
                files
                    .into_iter()
                    .filter(|(name, _)| n == 0 || !is_runtime(name))
                    .take_while(|_| !halted())
                    .try_for_each(|(name, bytes)| emit(format!("{prefix}{name}"), bytes))
            });
            if made.is_err() {
                failed.store(true, Ordering::Relaxed);
                return made;
            }
        }
        Ok(())
    };
    let results: Vec<Result<(), Diagnostic>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..WORKERS.min(shards))
            .map(|_| scope.spawn(worker))
            .collect();
        // Every worker is joined, so that none panics out of the scope.
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|_| Err(fault("the search index could not be made")))
            })
            .collect()
    });
    results.into_iter().collect::<Result<(), Diagnostic>>()?;
    if stop.load(Ordering::Relaxed) {
        // Not the whole index: the build that asked for it failed.
        return Ok(());
    }
    let others: Vec<String> = (1..shards).map(|n| format!("shard-{n}/")).collect();
    let list = serde_json::to_vec(&others).unwrap_or_default();
    emit(format!("{DIR}/{SHARDS_FILE}"), list)
}

/// Marks the index failed when a worker's thread panics.
struct FailOnPanic<'a>(&'a AtomicBool);

impl Drop for FailOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.store(true, Ordering::Relaxed);
        }
    }
}

/// Where shard `n` is written: the first is the main bundle.
fn shard_dir(n: usize) -> String {
    if n == 0 {
        format!("{DIR}/")
    } else {
        format!("{DIR}/shard-{n}/")
    }
}

/// One shard's files, by their path in the shard's folder.
/// When `halted` turns true, it stops between records and returns what it has: the
/// caller throws that away.
fn index_shard(
    records: Vec<SearchRecord>,
    language: &str,
    halted: &dyn Fn() -> bool,
) -> Result<IndexFiles, Diagnostic> {
    let failed =
        |err: &dyn std::fmt::Display| fault(format!("cannot build the search index: {err}"));
    // pagefind's API is async; a single-threaded runtime is enough to drive it.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .map_err(|e| failed(&e))?;
    let files = runtime
        .block_on(async {
            let config = PagefindServiceConfig::builder().build();
            let mut index = PagefindIndex::new(Some(config))?;
            for record in records {
                if halted() {
                    return Ok(Vec::new());
                }
                index
                    .add_custom_record(
                        record.url,
                        record.content,
                        language.to_string(),
                        Some(record.meta),
                        Some(record.filters),
                        None,
                    )
                    .await?;
            }
            index.get_files().await
        })
        .map_err(|e| failed(&e))?;
    Ok(files
        .into_iter()
        .filter(|f| !is_unused(&f.filename.to_string_lossy()))
        .map(|f| (relative_path(&f.filename), f.contents))
        .collect())
}

/// A file's path in its bundle, `/`-separated.
fn relative_path(name: &Path) -> String {
    let parts: Vec<String> = name
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(url: &str, text: &str) -> SearchRecord {
        SearchRecord {
            url: url.to_string(),
            content: text.to_string(),
            meta: BTreeMap::from([
                ("title".to_string(), text.to_string()),
                ("kind".to_string(), "case".to_string()),
            ]),
            filters: BTreeMap::from([("type".to_string(), vec!["Case".to_string()])]),
        }
    }

    #[test]
    fn writes_an_index_for_the_language_and_leaves_out_the_ready_made_uis() {
        let files = index(
            vec![
                record("/cases/a/", "Photovoltaic loans"),
                record("/cases/b/", "Village workshops"),
            ],
            "en",
            2500,
        )
        .unwrap();
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.contains(&"pagefind/pagefind.js"), "{names:?}");
        assert!(names.contains(&"pagefind/pagefind-entry.json"), "{names:?}");
        assert!(names.contains(&"pagefind/wasm.en.pagefind"), "{names:?}");
        assert!(
            names.iter().any(|n| n.starts_with("pagefind/index/")),
            "{names:?}"
        );
        assert!(
            names.iter().any(|n| n.starts_with("pagefind/filter/")),
            "{names:?}"
        );
        assert!(!names.iter().any(|n| n.contains("-ui.")), "{names:?}");
        let entry = &files
            .iter()
            .find(|(n, _)| n == "pagefind/pagefind-entry.json")
            .unwrap()
            .1;
        let entry = String::from_utf8_lossy(entry);
        assert!(entry.contains("\"en\""), "{entry}");
        assert!(entry.contains("\"page_count\":2"), "{entry}");
        let shards = &files
            .iter()
            .find(|(n, _)| n == "pagefind/shards.json")
            .unwrap()
            .1;
        assert_eq!(shards, b"[]");
    }

    #[test]
    fn a_large_index_is_made_in_shards_listed_for_the_search_page() {
        let records = (0..5)
            .map(|i| record(&format!("/cases/c{i}/"), &format!("Village number{i}")))
            .collect();
        let files = index(records, "en", 2).unwrap();
        let file = |name: &str| {
            let found = files.iter().find(|(n, _)| n == name);
            String::from_utf8_lossy(&found.unwrap_or_else(|| panic!("no {name}")).1).into_owned()
        };
        assert_eq!(file("pagefind/shards.json"), r#"["shard-1/","shard-2/"]"#);
        // Every record is in exactly one shard: 2 + 2 + 1.
        for (entry, pages) in [
            ("pagefind/pagefind-entry.json", 2),
            ("pagefind/shard-1/pagefind-entry.json", 2),
            ("pagefind/shard-2/pagefind-entry.json", 1),
        ] {
            let entry = file(entry);
            assert!(
                entry.contains(&format!("\"page_count\":{pages}")),
                "{entry}"
            );
        }
        assert!(
            !files
                .iter()
                .any(|(n, _)| n.starts_with("pagefind/shard-3/"))
        );
        // Only the main bundle carries pagefind's scripts and WebAssembly.
        for runtime in ["pagefind.js", "pagefind-worker.js", "wasm.en.pagefind"] {
            assert!(
                files
                    .iter()
                    .any(|(n, _)| *n == format!("pagefind/{runtime}"))
            );
            assert!(
                !files
                    .iter()
                    .any(|(n, _)| n.ends_with(&format!("shard-1/{runtime}")))
            );
        }
        assert!(
            files
                .iter()
                .any(|(n, _)| n.starts_with("pagefind/shard-1/index/"))
        );
        let mut sorted = files.clone();
        sorted.sort();
        assert_eq!(files, sorted, "files are sorted by path");
    }

    #[test]
    fn the_indexer_writes_the_sites_index_to_the_sink_as_index_does() {
        let site = crate::render::fixture::site("https://example.org/");
        let labels = Labels::default();
        let sink = crate::render::sink::Collect::default();
        let written =
            std::thread::scope(|scope| Indexer::start(scope, &site, &labels, &sink).finish())
                .unwrap();
        let files: IndexFiles = sink
            .into_files()
            .into_iter()
            .filter_map(|f| match f.content {
                crate::render::Content::Bytes(bytes) => Some((f.path, bytes)),
                crate::render::Content::Copy(_) => None,
            })
            .collect();
        let mut written = written;
        written.sort();
        let paths: Vec<&String> = files.iter().map(|(p, _)| p).collect();
        assert_eq!(written.iter().collect::<Vec<_>>(), paths);
        let language = super::super::lang_tag(site.config.language).to_ascii_lowercase();
        let expected = index(
            records(&site, &labels),
            &language,
            site.config.search_shard_size,
        )
        .unwrap();
        assert_eq!(files, expected);
    }

    #[test]
    fn a_static_file_in_the_index_folder_is_a_clash() {
        let static_paths = BTreeSet::from(["pagefind/pagefind.js", "pagefind", "pagefinder.txt"]);
        let text = format!("{:?}", static_clashes(&static_paths));
        assert!(text.contains("static/pagefind/pagefind.js is in"), "{text}");
        assert!(text.contains("static/pagefind is in"), "{text}");
        assert!(!text.contains("pagefinder.txt"), "{text}");
        assert!(static_clashes(&BTreeSet::from(["robots.txt"])).is_empty());
    }

    #[test]
    fn a_stopped_index_makes_no_shard() {
        let records = (0..3)
            .map(|i| record(&format!("/cases/c{i}/"), "Village"))
            .collect();
        let files = index_until(records, "en", 1, &AtomicBool::new(true)).unwrap();
        assert!(
            !files
                .iter()
                .any(|(n, _)| n.ends_with("pagefind-entry.json")),
            "{files:?}"
        );
    }

    #[test]
    fn the_same_records_give_the_same_bytes() {
        let make = || {
            index(
                vec![
                    record("/cases/a/", "以城带村 光伏贷款"),
                    record("/cases/b/", "山海协作 飞地"),
                    record("/cases/c/", "光伏 飞地"),
                ],
                "zh-cn",
                1,
            )
            .unwrap()
        };
        assert_eq!(make(), make());
    }

    #[test]
    fn records_hold_the_words_of_every_field_and_the_filters() {
        let site = crate::render::fixture::site("https://example.org/");
        let labels = Labels::default();
        let records = records(&site, &labels);
        let kinds: Vec<&str> = records.iter().map(|r| r.meta["kind"].as_str()).collect();
        let cases = site.cases.len();
        let programs = site.programs.len();
        assert_eq!(kinds.len(), cases + programs + site.pages.len());
        assert!(kinds[..cases].iter().all(|k| *k == "case"), "{kinds:?}");
        assert!(
            kinds[cases..cases + programs]
                .iter()
                .all(|k| *k == "program")
        );
        let case = &site.cases[0].base;
        let first = &records[0];
        assert_eq!(first.url, format!("/cases/{}/", case.slug));
        assert!(first.content.starts_with(&case.title), "{}", first.content);
        assert!(first.content.contains(&case.summary), "{}", first.content);
        for tag in &case.tags {
            assert!(
                first.content.contains(tag.as_str()),
                "{tag}: {}",
                first.content
            );
        }
        let region = site.regions.region(case.region);
        assert_eq!(first.meta["region"], region.name);
        assert_eq!(first.filters["region"].last(), Some(&region.name));
        assert_eq!(first.filters["theme"].len(), case.themes.len());
    }
}
