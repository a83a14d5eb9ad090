//! `casebook serve`: builds the site into a temporary folder, serves it on the local
//! machine with the server's own address as the base URL, watches the site's files,
//! builds again on every change (incrementally for cases and programs, see
//! [`session`]) and reloads the open browser tabs whose page changed. While a build
//! fails, the tabs show its problems over the last good site, which stays served.

pub mod deps;
pub mod http;
pub mod output;
pub mod overlay;
pub mod session;
pub mod watch;

use std::collections::BTreeSet;
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::progress::Reporter;
use crate::render::search;
use crate::validate::Options;

use http::{Shared, State};
use output::Output;
use session::{Kind, Outcome, SearchJob, Session};
use watch::Work;

/// Prints a line to stderr. Not eprintln!, which panics once stderr is closed (the
/// program that started serve is gone): serve must still stop, and clean up, on Ctrl-C.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// How long a burst of file events may take: an editor's save is often several.
const SETTLE: Duration = Duration::from_millis(10);
/// Past this many changed pages, every tab reloads.
const MANY_PAGES: usize = 500;

/// What `casebook serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub site_dir: PathBuf,
    pub port: u16,
    pub bind: IpAddr,
    pub drafts: bool,
    /// Print only problems.
    pub quiet: bool,
    /// Print the time of each step.
    pub verbose: bool,
    /// Colour the problems (a terminal that wants it).
    pub color: bool,
}

enum Event {
    Files(Vec<PathBuf>),
    /// The search index of a generation, and how long it took.
    Search(u64, Result<Vec<(String, Vec<u8>)>, Diagnostic>, Duration),
}

/// Serves until the process is stopped (Ctrl-C). Returns only when it cannot start.
pub fn run(options: &ServeOptions) -> Result<(), Diagnostics> {
    let root = options.site_dir.canonicalize().map_err(|_| {
        Diagnostic::new(format!(
            "`{}` is not a folder that can be read",
            options.site_dir.display()
        ))
        .help("give the folder that holds site.toml, or run casebook inside it")
    })?;
    let listener = TcpListener::bind(SocketAddr::new(options.bind, options.port)).map_err(|e| {
        Diagnostic::new(format!(
            "cannot listen on {}: {e}",
            SocketAddr::new(options.bind, options.port)
        ))
        .help("another program may use this port: choose another with --port")
    })?;
    let port = listener
        .local_addr()
        .map_err(|e| Diagnostic::new(format!("cannot read the server's address: {e}")))?
        .port();
    let host = if options.bind.is_unspecified() {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    } else {
        options.bind
    };
    let url = format!("http://{}/", SocketAddr::new(host, port));

    let folder = tempfile::Builder::new()
        .prefix("casebook-serve-")
        .tempdir()
        .map_err(|e| Diagnostic::new(format!("cannot make a temporary folder: {e}")))?;
    let dir = folder
        .path()
        .canonicalize()
        .map_err(|e| Diagnostic::new(format!("cannot make a temporary folder: {e}")))?;
    // The folder goes when serve is stopped, once no file is being written into it.
    let gate = output::Gate::default();
    let closing = gate.clone();
    let doomed = Mutex::new(Some(folder));
    ctrlc::set_handler(move || {
        closing.close();
        drop(doomed.lock().map(|mut f| f.take()));
        say!();
        std::process::exit(0);
    })
    .map_err(|e| Diagnostic::new(format!("cannot catch Ctrl-C: {e}")))?;

    let shared = Arc::new(Shared {
        dir: dir.clone(),
        state: Mutex::new(State::default()),
        hub: http::Hub::default(),
    });
    http::spawn(listener, Arc::clone(&shared));

    let (tx, rx) = mpsc::channel();
    let (files_tx, files_rx) = mpsc::channel();
    forward(files_rx, tx.clone(), Event::Files);
    let watcher = watch::watch(&root, files_tx)
        .map_err(|e| Diagnostic::new(format!("cannot watch the site's files: {e}")))?;
    let search = search_worker(tx);

    let mut server = Server {
        root,
        build: Options {
            drafts: options.drafts,
            base_url: Some(url.clone()),
        },
        options: options.clone(),
        output: Output::new(dir, gate),
        shared,
        session: None,
        search,
        watcher,
        generation: 0,
        full_generation: 0,
        owed: false,
        searching: None,
    };
    server.full(Instant::now());
    say!(
        "Serving {} at {url} (Ctrl-C to stop)",
        server.root.display()
    );
    if options.verbose {
        say!("The site is written to {}", server.output.dir().display());
    }
    server.serve(&rx);
    Ok(())
}

/// Passes what comes on `from` to `to`, wrapped, on a thread of its own.
fn forward<T: Send + 'static>(from: Receiver<T>, to: Sender<Event>, wrap: fn(T) -> Event) {
    thread::spawn(move || {
        for item in from {
            if to.send(wrap(item)).is_err() {
                break;
            }
        }
    });
}

/// Makes the search index in the background, always from the latest request.
fn search_worker(events: Sender<Event>) -> Sender<(u64, SearchJob)> {
    let (tx, rx) = mpsc::channel::<(u64, SearchJob)>();
    thread::spawn(move || {
        while let Ok(mut job) = rx.recv() {
            while let Ok(newer) = rx.try_recv() {
                job = newer;
            }
            let started = Instant::now();
            let SearchJob {
                records,
                language,
                shard_size,
            } = job.1;
            let result = search::index(records, language, shard_size);
            if events
                .send(Event::Search(job.0, result, started.elapsed()))
                .is_err()
            {
                break;
            }
        }
    });
    tx
}

struct Server {
    root: PathBuf,
    build: Options,
    options: ServeOptions,
    output: Output,
    shared: Arc<Shared>,
    session: Option<Session>,
    search: Sender<(u64, SearchJob)>,
    watcher: notify::RecommendedWatcher,
    /// Counts the builds that wrote the site.
    generation: u64,
    /// The generation of the last full build.
    full_generation: u64,
    /// Whether the data files and the search index are owed after a build.
    owed: bool,
    /// The generation whose search index is being made.
    searching: Option<u64>,
}

impl Server {
    fn serve(&mut self, rx: &Receiver<Event>) {
        loop {
            let event = if self.owed {
                match rx.try_recv() {
                    Ok(event) => Some(event),
                    Err(mpsc::TryRecvError::Empty) => None,
                    Err(mpsc::TryRecvError::Disconnected) => return,
                }
            } else {
                match rx.recv() {
                    Ok(event) => Some(event),
                    Err(_) => return,
                }
            };
            match event {
                None => self.finish(),
                Some(Event::Files(paths)) => {
                    let started = Instant::now();
                    let mut paths = paths;
                    // Take the rest of the burst.
                    loop {
                        match rx.recv_timeout(SETTLE) {
                            Ok(Event::Files(more)) => paths.extend(more),
                            Ok(Event::Search(generation, result, took)) => {
                                self.searched(generation, result, took)
                            }
                            Err(RecvTimeoutError::Timeout) => break,
                            Err(RecvTimeoutError::Disconnected) => return,
                        }
                    }
                    self.changed(&paths, started);
                }
                Some(Event::Search(generation, result, took)) => {
                    self.searched(generation, result, took)
                }
            }
        }
    }

    fn changed(&mut self, paths: &[PathBuf], started: Instant) {
        let work: BTreeSet<Work> = paths
            .iter()
            .filter_map(|p| watch::classify(&self.root, p))
            .collect();
        if work.is_empty() {
            return;
        }
        let names: BTreeSet<String> = paths.iter().map(|p| p.display().to_string()).collect();
        let what = names.into_iter().collect::<Vec<_>>().join(", ");
        let records: Vec<(Kind, PathBuf)> = work
            .iter()
            .filter_map(|w| match w {
                Work::Record(kind, path) => Some((*kind, path.clone())),
                Work::Full => None,
            })
            .collect();
        if work.contains(&Work::Full) || self.session.is_none() {
            if !self.options.quiet {
                say!("Changed: {what}; building the whole site");
            }
            // A folder made since: watch it too. A failure shows at the next build.
            let _ = watch::watch_folders(&mut self.watcher, &self.root);
            self.full(started);
            return;
        }
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let shared = &self.shared;
        let mut first = None;
        let result = session.rebuild(&records, &mut self.output, &mut |paths| {
            // The overlay goes before the reload: a tab that reloads at once must not
            // get it again (a problem in the pages still to come brings it back).
            if shared.state().overlay.take().is_some() {
                shared.hub.send("fixed", "{}");
            }
            // The edited pages reload first; the lists and the rest follow.
            reload(&shared.hub, paths, false);
            first = Some(started.elapsed());
        });
        match result {
            Ok(outcome) => {
                self.owed = true;
                self.built(&outcome, started, first, &what);
            }
            Err(problems) => self.broken(problems),
        }
    }

    /// Builds the whole site.
    fn full(&mut self, started: Instant) {
        let progress = Reporter::new(self.options.quiet, false, self.options.color);
        let result = Session::start(&self.root, &self.build, &mut self.output, &progress);
        progress.finish();
        match result {
            Ok((session, outcome)) => {
                self.session = Some(session);
                self.owed = false;
                self.built(&outcome, started, None, "");
                self.full_generation = self.generation;
            }
            Err(problems) => {
                // The kept model no longer matches the files: the next change builds
                // the whole site too.
                self.session = None;
                self.broken(problems);
            }
        }
    }

    /// The pages are written: reload the tabs that show one of them. `first` is when
    /// the edited pages were (after an incremental build); else the whole site was.
    fn built(&mut self, outcome: &Outcome, started: Instant, first: Option<Duration>, what: &str) {
        let was_broken = {
            let mut state = self.shared.state.lock().unwrap_or_else(|e| e.into_inner());
            self.generation += 1;
            state.generation = self.generation;
            state.busy = self.owed || self.searching.is_some();
            state.overlay.take().is_some()
        };
        let rest = outcome.changed.get(outcome.first..).unwrap_or_default();
        reload(&self.shared.hub, rest, first.is_none());
        if was_broken {
            self.shared.hub.send("fixed", "{}");
        }
        let ms = started.elapsed().as_millis();
        if self.options.quiet {
            return;
        }
        let Some(first) = first else {
            say!(
                "Built {} cases, {} programs: {} pages, {} charts; {} files written in {ms} ms",
                outcome.cases,
                outcome.programs,
                outcome.rendered,
                outcome.charts,
                outcome.changed.len()
            );
            return;
        };
        say!(
            "Rebuilt after {what}: {} pages rendered, {} files written; reload sent \
             {} ms after the change for the edited page, {ms} ms for the rest",
            outcome.rendered,
            outcome.changed.len(),
            first.as_millis()
        );
        if self.options.verbose && !outcome.steps.is_empty() {
            let steps: Vec<String> = outcome
                .steps
                .iter()
                .map(|(step, took)| format!("{step} {} ms", took.as_millis()))
                .collect();
            say!("  steps: {}", steps.join(", "));
        }
    }

    fn broken(&mut self, problems: Diagnostics) {
        let problems = problems.into_sorted();
        let count = problems.len();
        for problem in &problems {
            say!("{}\n", problem.render(self.options.color));
        }
        let texts: Vec<String> = problems.iter().map(|d| d.render(false)).collect();
        let noun = if count == 1 { "problem" } else { "problems" };
        say!("error: {count} {noun} found; the last good site is still served");
        let html = overlay::overlay(&texts);
        self.shared
            .hub
            .send("problems", &http::problems_data(&html));
        let mut state = self.shared.state.lock().unwrap_or_else(|e| e.into_inner());
        state.overlay = Some(html);
    }

    /// The files owed after an incremental build, and the search index in the
    /// background.
    fn finish(&mut self) {
        self.owed = false;
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let started = Instant::now();
        match session.finish(&mut self.output) {
            Ok((changed, search)) => {
                if self.search.send((self.generation, search)).is_ok() {
                    self.searching = Some(self.generation);
                }
                self.set_busy();
                if self.options.verbose {
                    say!(
                        "Data files, feeds and sitemap: {} written in {} ms",
                        changed.len(),
                        started.elapsed().as_millis()
                    );
                }
            }
            Err(problem) => self.broken(problem.into()),
        }
    }

    /// The search index is made: write it, unless a full build came since.
    fn searched(
        &mut self,
        generation: u64,
        result: Result<Vec<(String, Vec<u8>)>, Diagnostic>,
        took: Duration,
    ) {
        self.write_search(generation, result, took);
        if self.searching == Some(generation) {
            self.searching = None;
            self.set_busy();
        }
    }

    fn write_search(
        &mut self,
        generation: u64,
        result: Result<Vec<(String, Vec<u8>)>, Diagnostic>,
        took: Duration,
    ) {
        if generation < self.full_generation || self.session.is_none() {
            return;
        }
        let started = Instant::now();
        let files = match result {
            Ok(files) => files,
            Err(problem) => return self.broken(problem.into()),
        };
        let prefix = format!("{}/", search::DIR);
        let made: BTreeSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        let stale: Vec<String> = self
            .output
            .files()
            .iter()
            .filter(|p| p.starts_with(&prefix) && !made.contains(p.as_str()))
            .cloned()
            .collect();
        let output = &mut self.output;
        let written = files
            .iter()
            .try_for_each(|(path, bytes)| output.put(path, bytes).map(|_| ()))
            .and_then(|()| stale.iter().try_for_each(|path| output.remove(path)));
        match written {
            Ok(()) => {
                if self.options.verbose {
                    say!(
                        "Search index made in {} ms, written in {} ms",
                        took.as_millis(),
                        started.elapsed().as_millis()
                    );
                }
            }
            Err(problem) => self.broken(problem.into()),
        }
    }
}

/// Tells the tabs to reload: those showing one of `paths` (output files), or all.
fn reload(hub: &http::Hub, paths: &[String], all: bool) {
    if all || paths.len() > MANY_PAGES {
        hub.send("reload", "{\"all\":true}");
    } else if !paths.is_empty() {
        let paths: Vec<String> = paths.iter().map(|p| url_path(p)).collect();
        hub.send(
            "reload",
            &serde_json::json!({ "all": false, "paths": paths }).to_string(),
        );
    }
}

impl Server {
    fn set_busy(&self) {
        let mut state = self.shared.state.lock().unwrap_or_else(|e| e.into_inner());
        state.busy = self.owed || self.searching.is_some();
    }
}

/// The URL path of an output file: `cases/a/index.html` is `/cases/a/`.
fn url_path(path: &str) -> String {
    match path.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
        _ => format!("/{path}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_of_output_files() {
        assert_eq!(url_path("index.html"), "/");
        assert_eq!(url_path("cases/a/index.html"), "/cases/a/");
        assert_eq!(url_path("404.html"), "/404.html");
        assert_eq!(url_path("data/cases.json"), "/data/cases.json");
    }
}
