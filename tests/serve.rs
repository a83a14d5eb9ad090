//! `casebook serve`, run as a real process on a free port: it answers, rebuilds on a
//! change, shows the overlay while a file is broken and recovers, refuses paths that
//! leave the output, and its incremental builds write what a full build writes.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{TestSite, snapshot};

/// How long anything may take before a test gives up (debug builds on a busy machine).
const DEADLINE: Duration = Duration::from_secs(120);

/// A running `casebook serve`, stopped when dropped.
struct Serve {
    child: Child,
    url: String,
    output: PathBuf,
    lines: mpsc::Receiver<String>,
}

impl Serve {
    fn start(site: &TestSite) -> Serve {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("casebook"))
            .args(["serve", ".", "--port", "0", "--verbose"])
            .current_dir(site.root())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut serve = Serve {
            child,
            url: String::new(),
            output: PathBuf::new(),
            lines,
        };
        let serving = serve.line_with("Serving ");
        serve.url = serving
            .split(" at ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap()
            .to_string();
        let written = serve.line_with("The site is written to ");
        serve.output = PathBuf::from(written.trim_start_matches("The site is written to "));
        serve
    }

    /// Waits for a line of stderr holding `text`.
    fn line_with(&self, text: &str) -> String {
        let started = Instant::now();
        while started.elapsed() < DEADLINE {
            match self.lines.recv_timeout(Duration::from_millis(200)) {
                Ok(line) if line.contains(text) => return line,
                Ok(_) | Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        panic!("casebook serve never printed `{text}`");
    }

    fn port(&self) -> u16 {
        self.url
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    }

    /// Sends `target` as it is (no client cleans it up).
    fn get(&self, target: &str) -> Response {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port())).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        Response {
            status,
            head: head.to_string(),
            body: body.to_string(),
        }
    }

    /// Polls `target` until `done` holds.
    fn wait_for(&self, target: &str, what: &str, done: impl Fn(&Response) -> bool) -> Response {
        let started = Instant::now();
        loop {
            let response = self.get(target);
            if done(&response) {
                return response;
            }
            if started.elapsed() > DEADLINE {
                let said: Vec<String> = self.lines.try_iter().collect();
                panic!(
                    "timed out waiting for {what}; serve said:\n{}",
                    said.join("\n")
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the build is good and nothing is left to do (data, search index).
    fn settle(&self) {
        self.wait_for("/__casebook/status", "the build to settle", |r| {
            r.body.contains("\"ok\":true") && r.body.contains("\"busy\":false")
        });
    }

    /// The event stream, as a tab reads it: each event's name and data.
    fn events(&self) -> mpsc::Receiver<(String, String)> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port())).unwrap();
        write!(
            stream,
            "GET /__casebook/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        )
        .unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut name = None;
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(n) = line.strip_prefix("event: ") {
                    name = Some(n.to_string());
                } else if let (Some(data), Some(n)) = (line.strip_prefix("data: "), &name) {
                    if tx.send((n.clone(), data.to_string())).is_err() {
                        break;
                    }
                    name = None;
                }
            }
        });
        rx
    }

    fn generation(&self) -> u64 {
        let body = self.get("/__casebook/status").body;
        let at = body.find("\"generation\":").unwrap() + "\"generation\":".len();
        body[at..]
            .split([',', '}'])
            .next()
            .unwrap()
            .parse()
            .unwrap()
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        // SIGTERM lets serve remove its folder; kill it if it does not stop.
        #[cfg(unix)]
        if let Some(pid) = rustix::process::Pid::from_raw(self.child.id() as i32) {
            let _ = rustix::process::kill_process(pid, rustix::process::Signal::TERM);
            let started = Instant::now();
            while started.elapsed() < Duration::from_secs(10) {
                if let Ok(Some(_)) = self.child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    head: String,
    body: String,
}

impl Response {
    fn content_type(&self) -> &str {
        self.head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Type: "))
            .unwrap_or("")
    }
}

#[test]
fn serves_the_site_and_rebuilds_after_a_change() {
    let site = TestSite::new();
    let serve = Serve::start(&site);
    assert!(serve.url.starts_with("http://127.0.0.1:"), "{}", serve.url);

    let home = serve.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.content_type(), "text/html; charset=utf-8");
    assert!(home.body.contains("Test Cases"));
    // The site's addresses are the server's, and the reload script is in the page.
    assert!(
        home.body
            .contains(&format!("href=\"{}casebook.css\"", serve.url))
    );
    assert!(
        home.body
            .contains("<script src=\"/__casebook/live.js\"></script></body>")
    );
    assert_eq!(
        serve.get("/casebook.css").content_type(),
        "text/css; charset=utf-8"
    );
    assert_eq!(
        serve.get("/data/cases.json").content_type(),
        "application/json"
    );
    assert_eq!(
        serve.get("/__casebook/live.js").content_type(),
        "text/javascript; charset=utf-8"
    );
    let folder = serve.get("/cases/wuxing");
    assert_eq!(folder.status, 301);
    assert!(folder.head.contains("Location: /cases/wuxing/"));
    let missing = serve.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("page-head-404"), "{}", missing.body);

    let before = serve.generation();
    site.edit(
        "content/cases/wuxing.md",
        "title = \"City leads villages in Wuxing\"",
        "title = \"Wuxing, edited while served\"",
    );
    let page = serve.wait_for("/cases/wuxing/", "the edited title", |r| {
        r.body.contains("Wuxing, edited while served")
    });
    assert_eq!(page.status, 200);
    assert!(serve.generation() > before);
    serve.wait_for("/cases/", "the list to show the new title", |r| {
        r.body.contains("Wuxing, edited while served")
    });
    // The served site is the server's alone: nothing is written into the site.
    assert!(!site.path("public").exists());
    // The output file on disk has no reload script: only served pages get it.
    let on_disk = std::fs::read_to_string(serve.output.join("cases/wuxing/index.html")).unwrap();
    assert!(!on_disk.contains("__casebook"));
}

#[test]
fn a_broken_file_shows_the_overlay_until_it_is_fixed() {
    let site = TestSite::new();
    let serve = Serve::start(&site);
    serve.settle();
    site.edit(
        "content/cases/wuxing.md",
        "region = \"zhejiang/huzhou/wuxing\"",
        "region = \"zhejiang/huzhuo/wuxing\"",
    );
    let page = serve.wait_for("/cases/wuxing/", "the overlay", |r| {
        r.body.contains("id=\"casebook-overlay\"")
    });
    // The diagnostics as the command line prints them, over the last good page.
    assert!(
        page.body
            .contains("unknown region `zhejiang/huzhuo/wuxing`"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("content/cases/wuxing.md:4:10"),
        "{}",
        page.body
    );
    assert!(page.body.contains("did you mean `zhejiang/huzhou/wuxing`?"));
    assert!(page.body.contains("City leads villages in Wuxing"));
    assert!(
        serve
            .get("/__casebook/status")
            .body
            .contains("\"ok\":false")
    );
    serve.line_with("unknown region `zhejiang/huzhuo/wuxing`");

    site.edit(
        "content/cases/wuxing.md",
        "region = \"zhejiang/huzhuo/wuxing\"",
        "region = \"fujian\"",
    );
    let page = serve.wait_for("/cases/wuxing/", "the overlay to go", |r| {
        !r.body.contains("casebook-overlay")
    });
    assert!(page.body.contains("Fujian Province"), "{}", page.body);
    serve.settle();

    // A broken template is a full build's problem; the overlay shows it too.
    site.write(
        "templates/case.html",
        "{% extends \"base.html\" %}{% block content %}{{ nope }}{% endblock content %}",
    );
    serve.wait_for("/", "the template's problem", |r| {
        r.body.contains("casebook-overlay") && r.body.contains("templates/case.html")
    });
    std::fs::remove_file(site.path("templates/case.html")).unwrap();
    serve.wait_for("/", "the site to build again", |r| {
        r.status == 200 && !r.body.contains("casebook-overlay")
    });
    serve.settle();
}

#[test]
fn a_tab_that_reloads_after_the_fix_gets_no_overlay() {
    let site = TestSite::new();
    let serve = Serve::start(&site);
    serve.settle();
    site.edit(
        "content/cases/wuxing.md",
        "date = 2024-03-01",
        "date = 2024-13-01",
    );
    serve.wait_for("/cases/wuxing/", "the overlay", |r| {
        r.body.contains("id=\"casebook-overlay\"")
    });
    let events = serve.events();
    let (name, _) = events.recv_timeout(DEADLINE).unwrap();
    assert_eq!(name, "problems");
    site.edit(
        "content/cases/wuxing.md",
        "date = 2024-13-01",
        "date = 2024-04-01",
    );
    // The page is fetched again the moment its reload arrives, as the tab does.
    loop {
        let (name, data) = events.recv_timeout(DEADLINE).unwrap();
        if name == "reload" && data.contains("/cases/wuxing/") {
            break;
        }
    }
    let page = serve.get("/cases/wuxing/");
    assert!(!page.body.contains("casebook-overlay"), "{}", page.body);
    serve.settle();
}

/// Ctrl-C stops serve and removes its folder even when nothing reads what it prints any
/// more (the program that started it is gone).
#[cfg(unix)]
#[test]
fn stops_on_ctrl_c_when_its_stderr_is_closed() {
    let site = TestSite::new();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("casebook"))
        .args(["serve", ".", "--port", "0", "--verbose"])
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let folder = stderr
        .lines()
        .map_while(Result::ok)
        .find_map(|line| {
            line.strip_prefix("The site is written to ")
                .map(PathBuf::from)
        })
        .expect("serve never said where it writes");
    // The reader is dropped: stderr is closed. A rebuild prints into it.
    site.edit(
        "content/cases/wuxing.md",
        "Villages formed companies.",
        "Villages formed two companies.",
    );
    std::thread::sleep(Duration::from_millis(500));
    let pid = rustix::process::Pid::from_raw(child.id() as i32).unwrap();
    rustix::process::kill_process(pid, rustix::process::Signal::INT).unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("serve did not stop on Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status}");
    assert!(!folder.exists(), "{} is left behind", folder.display());
}

#[test]
fn no_request_reads_outside_the_output() {
    let site = TestSite::new();
    site.write("secret.txt", "the secret");
    let serve = Serve::start(&site);
    // Where `..` from the served folder leads, a secret too.
    let beside = tempfile::Builder::new()
        .prefix("secret-")
        .suffix(".txt")
        .tempfile_in(serve.output.parent().unwrap())
        .unwrap();
    std::fs::write(beside.path(), "the secret").unwrap();
    let name = beside.path().file_name().unwrap().to_str().unwrap();
    let mut targets: Vec<String> = [
        "/../NAME",
        "/%2e%2e/NAME",
        "/%2E%2E/NAME",
        "/cases/..%2f..%2fNAME",
        "/cases/%2e%2e/%2e%2e/NAME",
        "/..%5cNAME",
        "NAME",
        "http://127.0.0.1/../NAME",
    ]
    .iter()
    .map(|target| target.replace("NAME", name))
    .collect();
    // Refused whether or not the file exists: no probing of the disk.
    targets.extend(
        [
            "/../../secret.txt",
            "/%2E%2E/%2e%2e/secret.txt",
            "/../no-such-file.txt",
            "/%2e%2e/%2e%2e/no-such-file.txt",
        ]
        .map(String::from),
    );
    for target in &targets {
        let response = serve.get(target);
        assert_eq!(response.status, 403, "{target}: {}", response.status);
        assert!(!response.body.contains("the secret"), "{target}");
    }
    // An absolute path is a path in the output, not on the machine.
    let absolute = serve.get(&format!("{}/secret.txt", site.root().display()));
    assert_eq!(absolute.status, 404);
    assert!(!absolute.body.contains("the secret"));
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(site.path("secret.txt"), serve.output.join("leak.txt")).unwrap();
        let linked = serve.get("/leak.txt");
        assert_eq!(linked.status, 403);
        assert!(!linked.body.contains("the secret"));
    }
}

/// This machine's address on its network, the one other machines reach it at, if it
/// has one: the source address of a route to a documentation address (no packet is
/// sent).
fn network_address() -> Option<IpAddr> {
    let socket = UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

#[test]
fn serve_answers_on_this_machine_only() {
    let Some(ip) = network_address() else {
        eprintln!("skipped: this machine has no network address");
        return;
    };
    // The address answers a listener of its own: a refusal below is serve's doing.
    let control = TcpListener::bind((ip, 0)).unwrap();
    TcpStream::connect(control.local_addr().unwrap()).unwrap();
    let site = TestSite::new();
    let serve = Serve::start(&site);
    assert_eq!(serve.get("/").status, 200);
    let reached =
        TcpStream::connect_timeout(&SocketAddr::new(ip, serve.port()), Duration::from_secs(5));
    assert!(
        reached.is_err(),
        "casebook serve answers on {ip}, not only on this machine's loopback"
    );
}

#[test]
fn incremental_builds_write_what_a_full_build_writes() {
    let site = TestSite::new();
    // Enough cases for several list pages, tags, years and regions.
    site.write(
        "site.toml",
        &format!("{}paginate_by = 2\n", common::SITE_TOML),
    );
    for i in 0..7 {
        let case = common::CASE
            .replace("City leads villages in Wuxing", &format!("Case number {i}"))
            .replace(
                "date = 2024-03-01",
                &format!("date = 202{}-0{}-01", i % 3, i + 1),
            )
            .replace("\"Photovoltaic\"", &format!("\"tag-{}\"", i % 2));
        site.write(&format!("content/cases/case-{i}.md"), &case);
    }
    // A record that links to another's heading.
    site.edit(
        "content/cases/case-0.md",
        "Villages formed companies.",
        "Villages formed companies, [as in Wuxing](@/cases/wuxing#how-it-worked).",
    );
    site.write(
        "content/pages/links.md",
        "+++\ntitle = \"Links\"\n+++\n\nSee [case 3](@/cases/case-3).\n",
    );
    site.write(
        "content/cases/plain.md",
        "+++\ntitle = \"Plain\"\ndate = 2019-01-01\nregion = \"zhejiang/huzhou/wuxing\"\n\
         themes = [\"urban-rural-integration\"]\nsummary = \"No figures.\"\n+++\n",
    );
    let serve = Serve::start(&site);
    serve.settle();

    // Each edit, and whether the site builds after it.
    let edits: Vec<(bool, Box<dyn Fn()>)> = vec![
        // A body alone: its own page.
        (
            true,
            Box::new(|| {
                site.edit(
                    "content/cases/case-4.md",
                    "Villages formed companies.",
                    "Villages formed two companies.",
                )
            }),
        ),
        // A title: its page, lists, cards, indicator rows.
        (
            true,
            Box::new(|| {
                site.edit(
                    "content/cases/case-3.md",
                    "Case number 3",
                    "Case number three",
                )
            }),
        ),
        // A date: the record moves across list pages and years.
        (
            true,
            Box::new(|| {
                site.edit(
                    "content/cases/case-1.md",
                    "date = 2021-02-01",
                    "date = 2019-12-31",
                )
            }),
        ),
        // A new case, with a new tag and a program.
        (
            true,
            Box::new(|| {
                site.write(
                    "content/cases/new-one.md",
                    &common::CASE.replace("\"Photovoltaic\"", "\"Brand new tag\""),
                )
            }),
        ),
        // A case removed: its page goes, the lists shrink.
        (
            true,
            Box::new(|| std::fs::remove_file(site.path("content/cases/case-5.md")).unwrap()),
        ),
        // A draft: left out like a removed case.
        (
            true,
            Box::new(|| {
                site.edit(
                    "content/cases/case-6.md",
                    "tags = [",
                    "draft = true\ntags = [",
                )
            }),
        ),
        // A tag's first spelling names its page.
        (
            true,
            Box::new(|| {
                site.edit(
                    "content/cases/wuxing.md",
                    "\"Photovoltaic\"",
                    "\"PHOTOVOLTAIC\"",
                )
            }),
        ),
        // A program: the cases that name it show its card; its commitment the home page.
        (
            true,
            Box::new(|| {
                let program = site
                    .read("content/programs/pv-loan.md")
                    .replace("title = \"Photovoltaic loan\"", "title = \"Solar loan\"")
                    .replace("\"nearly 100 million yuan\"", "\"2 billion yuan\"");
                site.write("content/programs/pv-loan.md", &program);
            }),
        ),
        // A commitment alone: the home page's total.
        (
            true,
            Box::new(|| {
                site.edit(
                    "content/programs/pv-loan.md",
                    "\"2 billion yuan\"",
                    "\"3 billion yuan\"",
                )
            }),
        ),
        // The newest record of a tag with two pages spells it anew: both pages.
        (
            true,
            Box::new(|| site.edit("content/cases/case-2.md", "\"tag-0\"", "\"Tag-0\"")),
        ),
        // A record with no figures moves to its region's parent: the counts on every
        // page of the parent.
        (
            true,
            Box::new(|| {
                site.edit(
                    "content/cases/plain.md",
                    "region = \"zhejiang/huzhou/wuxing\"",
                    "region = \"zhejiang/huzhou\"",
                )
            }),
        ),
        // One of a record's two indicators: that indicator's data and page alone.
        (
            true,
            Box::new(|| site.edit("content/cases/case-4.md", "value = 23\n", "value = 25\n")),
        ),
        // A figure put before the others: theirs do not change, but their places in
        // the record do, and the indicator pages find each value by its place.
        (
            true,
            Box::new(|| {
                site.edit(
                    "content/cases/case-4.md",
                    "[[indicators]]\nkey = \"village-income-avg\"",
                    "[[indicators]]\nkey = \"villages-reached\"\nvalue = 30\nperiod = 2020\n\
                     note = \"Counted again.\"\n\n\
                     [[indicators]]\nkey = \"village-income-avg\"",
                )
            }),
        ),
        // Then its title: its indicator pages render again from the data kept.
        (
            true,
            Box::new(|| site.edit("content/cases/case-4.md", "Case number 4", "Case four")),
        ),
        // A figure and a region: indicator pages and region figures.
        (
            true,
            Box::new(|| {
                site.edit(
                    "content/cases/case-2.md",
                    "value = \"1.371 million yuan\"",
                    "value = \"2 million yuan\"\nregion = \"fujian\"",
                )
            }),
        ),
        // A heading another page links to: the link breaks, then the heading is back.
        (
            false,
            Box::new(|| {
                site.edit(
                    "content/cases/wuxing.md",
                    "## How it worked",
                    "## How it went",
                )
            }),
        ),
        (
            true,
            Box::new(|| {
                site.edit(
                    "content/cases/wuxing.md",
                    "## How it went",
                    "## How it worked\n\n### Details",
                )
            }),
        ),
    ];
    for (step, (builds, edit)) in edits.iter().enumerate() {
        let before = serve.generation();
        edit();
        if *builds {
            serve.wait_for("/__casebook/status", "a rebuild", |r| {
                r.body.contains("\"ok\":true")
                    && !r.body.contains(&format!("\"generation\":{before},"))
            });
            serve.settle();
            same_as_a_full_build(&site, &serve, step);
        } else {
            serve.wait_for("/__casebook/status", "the build to break", |r| {
                r.body.contains("\"ok\":false")
            });
        }
    }
}

/// The served folder holds what `casebook build` writes, byte for byte.
fn same_as_a_full_build(site: &TestSite, serve: &Serve, step: usize) {
    let full = tempfile::tempdir().unwrap();
    let out = full.path().join("public");
    site.casebook()
        .args(["build", "--base-url", &serve.url, "-o"])
        .arg(&out)
        .assert()
        .success();
    let expected: Vec<_> = snapshot(&out)
        .into_iter()
        .filter(|(path, _)| path != ".casebook-output")
        .collect();
    let served = snapshot(&serve.output);
    let names = |files: &[(String, Vec<u8>)]| {
        files
            .iter()
            .map(|(p, _)| p.clone())
            .collect::<std::collections::BTreeSet<_>>()
    };
    let (served_names, expected_names) = (names(&served), names(&expected));
    assert!(
        served_names == expected_names,
        "after edit {step}: only served: {:?}; only built: {:?}",
        served_names.difference(&expected_names).collect::<Vec<_>>(),
        expected_names.difference(&served_names).collect::<Vec<_>>()
    );
    for ((path, got), (_, want)) in served.iter().zip(&expected) {
        assert!(
            got == want,
            "after edit {step}: {path} differs from a full build"
        );
    }
}

/// Every file of the served folder with its inode: a file written again (written
/// beside, then renamed over) gets a new one.
#[cfg(unix)]
fn inodes(dir: &std::path::Path) -> std::collections::BTreeMap<String, u64> {
    use std::os::unix::fs::MetadataExt;
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (path, e.metadata().unwrap().ino())
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn a_body_edit_rewrites_its_own_page_only() {
    let site = TestSite::new();
    let serve = Serve::start(&site);
    serve.settle();
    let before = inodes(&serve.output);
    site.edit(
        "content/cases/wuxing.md",
        "Villages formed companies.",
        "Villages formed companies together.",
    );
    serve.wait_for("/cases/wuxing/", "the edited body", |r| {
        r.body.contains("companies together")
    });
    serve.settle();
    let after = inodes(&serve.output);
    let rewritten: Vec<&String> = after
        .iter()
        .filter(|(path, inode)| before.get(*path) != Some(inode))
        .map(|(path, _)| path)
        .filter(|path| !path.starts_with("pagefind/"))
        .collect();
    assert_eq!(rewritten, ["cases/wuxing/index.html"]);
    serve.line_with("1 pages rendered, 1 files written");
}

#[test]
fn a_site_that_does_not_build_yet_is_served_with_its_problems() {
    let site = TestSite::new();
    site.edit(
        "content/cases/wuxing.md",
        "themes = [\"urban-rural-integration\"]",
        "themes = [\"nope\"]",
    );
    let serve = Serve::start(&site);
    let page = serve.get("/");
    assert_eq!(page.status, 404);
    assert!(page.body.contains("unknown theme"), "{}", page.body);
    site.edit(
        "content/cases/wuxing.md",
        "themes = [\"nope\"]",
        "themes = [\"urban-rural-integration\"]",
    );
    serve.wait_for("/", "the site to build", |r| {
        r.status == 200 && r.body.contains("Test Cases")
    });
}
