//! A small HTTP/1.1 server for the output folder, on the standard library: one thread a
//! connection (a preview has few), `GET` and `HEAD` only, one request a connection.
//! Nothing outside the output folder can be read: `..` in any spelling is refused, and
//! a file that resolves (through a symbolic link) outside the folder is not served.
//! HTML gets the live-reload script; `/__casebook/events` streams the server-sent
//! events that reload the tabs and show the build's problems.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use percent_encoding::percent_decode_str;

use super::overlay;

/// The path of the event stream.
pub const EVENTS_PATH: &str = "/__casebook/events";
/// The path of the build's state, as JSON: for tools and tests.
pub const STATUS_PATH: &str = "/__casebook/status";

/// At most this many connections are served at once; more are closed at once.
const MAX_CONNECTIONS: usize = 256;
/// Longest request head accepted.
const MAX_HEAD: usize = 16 * 1024;

/// What the server and the build loop share.
pub struct Shared {
    /// The output folder, canonical.
    pub dir: PathBuf,
    pub state: Mutex<State>,
    pub hub: Hub,
}

/// The build's state as the browser sees it.
#[derive(Debug, Default)]
pub struct State {
    /// The overlay of the build's problems, while it is broken.
    pub overlay: Option<String>,
    /// Counts the builds that wrote the site.
    pub generation: u64,
    /// Whether work is left after the last build (data files, search index).
    pub busy: bool,
}

impl Shared {
    pub fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The open event streams.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<String>>>,
}

impl Hub {
    fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = mpsc::channel();
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(tx);
        rx
    }

    /// Sends an event to every open tab; `data` is one line of JSON.
    pub fn send(&self, name: &str, data: &str) {
        let message = event(name, data);
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|client| client.send(message.clone()).is_ok());
    }
}

/// Serves connections from `listener` on threads of their own, for as long as the
/// process runs.
pub fn spawn(listener: TcpListener, shared: Arc<Shared>) {
    let active = Arc::new(AtomicUsize::new(0));
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            if active.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                active.fetch_sub(1, Ordering::SeqCst);
                continue;
            }
            let shared = Arc::clone(&shared);
            let active = Arc::clone(&active);
            thread::spawn(move || {
                // A connection that fails is the browser's business; nothing to report.
                let _ = handle(stream, &shared);
                active.fetch_sub(1, Ordering::SeqCst);
            });
        }
    });
}

struct Request {
    head_only: bool,
    target: String,
}

fn handle(stream: TcpStream, shared: &Shared) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    let mut out = stream.try_clone()?;
    let request = match read_request(stream) {
        Ok(request) => request,
        Err(status) => return respond(&mut out, status, "text/plain; charset=utf-8", b"", false),
    };
    let Some(request) = request else {
        return respond(
            &mut out,
            Status::MethodNotAllowed,
            "text/plain; charset=utf-8",
            b"only GET and HEAD\n",
            false,
        );
    };
    let path = request.target.split(['?', '#']).next().unwrap_or("");
    match path {
        EVENTS_PATH if !request.head_only => events(out, shared),
        overlay::SCRIPT_PATH => respond(
            &mut out,
            Status::Ok,
            "text/javascript; charset=utf-8",
            overlay::SCRIPT.as_bytes(),
            request.head_only,
        ),
        STATUS_PATH => {
            let state = shared.state();
            let body = format!(
                "{{\"generation\":{},\"ok\":{},\"busy\":{}}}\n",
                state.generation,
                state.overlay.is_none(),
                state.busy
            );
            drop(state);
            respond(
                &mut out,
                Status::Ok,
                "application/json",
                body.as_bytes(),
                request.head_only,
            )
        }
        _ => file(&mut out, shared, &request.target, request.head_only),
    }
}

/// The request line and headers; `None` for a method other than GET and HEAD.
fn read_request(stream: TcpStream) -> Result<Option<Request>, Status> {
    let mut reader = BufReader::new(stream.take(MAX_HEAD as u64));
    let mut line = String::new();
    reader
        .read_line(&mut line)
        .map_err(|_| Status::BadRequest)?;
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(Status::BadRequest);
    };
    if !version.starts_with("HTTP/1.") {
        return Err(Status::BadRequest);
    }
    let (method, target) = (method.to_string(), target.to_string());
    // The headers are read and dropped: nothing in them changes the answer.
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) => return Err(Status::BadRequest),
            Ok(_) if header == "\r\n" || header == "\n" => break,
            Ok(_) => {}
            Err(_) => return Err(Status::BadRequest),
        }
    }
    Ok(match method.as_str() {
        "GET" => Some(Request {
            head_only: false,
            target,
        }),
        "HEAD" => Some(Request {
            head_only: true,
            target,
        }),
        _ => None,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Ok,
    MovedPermanently,
    BadRequest,
    Forbidden,
    NotFound,
    MethodNotAllowed,
}

impl Status {
    fn line(self) -> &'static str {
        match self {
            Status::Ok => "200 OK",
            Status::MovedPermanently => "301 Moved Permanently",
            Status::BadRequest => "400 Bad Request",
            Status::Forbidden => "403 Forbidden",
            Status::NotFound => "404 Not Found",
            Status::MethodNotAllowed => "405 Method Not Allowed",
        }
    }
}

fn respond(
    out: &mut TcpStream,
    status: Status,
    content_type: &str,
    body: &[u8],
    head_only: bool,
) -> io::Result<()> {
    respond_with(out, status, content_type, body, head_only, "")
}

fn respond_with(
    out: &mut TcpStream,
    status: Status,
    content_type: &str,
    body: &[u8],
    head_only: bool,
    extra_headers: &str,
) -> io::Result<()> {
    let head = format!(
        "HTTP/1.1 {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n{extra_headers}\
         Connection: close\r\n\r\n",
        status.line(),
        body.len()
    );
    out.write_all(head.as_bytes())?;
    if !head_only {
        out.write_all(body)?;
    }
    out.flush()
}

/// The event stream: the build's problems when it is broken, then every event.
fn events(mut out: TcpStream, shared: &Shared) -> io::Result<()> {
    let rx = shared.hub.subscribe();
    out.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
          Connection: keep-alive\r\n\r\nretry: 1000\n\n",
    )?;
    let overlay = shared.state().overlay.clone();
    if let Some(html) = overlay {
        out.write_all(event("problems", &problems_data(&html)).as_bytes())?;
    }
    out.flush()?;
    loop {
        // A comment now and then finds out when the tab is gone.
        let message = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        out.write_all(message.as_bytes())?;
        out.flush()?;
    }
}

fn event(name: &str, data: &str) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

/// The data of a `problems` event: the overlay's HTML.
pub fn problems_data(html: &str) -> String {
    serde_json::json!({ "html": html }).to_string()
}

/// What a request's path names in the output folder.
#[derive(Debug, PartialEq, Eq)]
enum Resolved {
    File(PathBuf),
    /// A folder asked for without its final `/`: where to find it.
    Redirect(String),
    NotFound,
    /// A path that tries to leave the folder.
    Refused,
}

fn resolve(dir: &Path, target: &str) -> Resolved {
    let (path, query) = match target.find(['?', '#']) {
        Some(at) => target.split_at(at),
        None => (target, ""),
    };
    if !path.starts_with('/') {
        return Resolved::Refused;
    }
    let Ok(decoded) = percent_decode_str(path).decode_utf8() else {
        return Resolved::NotFound;
    };
    if decoded.contains(['\0', '\\']) {
        return Resolved::Refused;
    }
    let mut relative = PathBuf::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Resolved::Refused,
            // Only plain names: no drive letters, no roots.
            s if Path::new(s)
                .components()
                .all(|c| matches!(c, Component::Normal(_))) =>
            {
                relative.push(s)
            }
            _ => return Resolved::Refused,
        }
    }
    let mut full = dir.join(&relative);
    if full.is_dir() {
        if !decoded.ends_with('/') {
            let query = if query.starts_with('?') { query } else { "" };
            return Resolved::Redirect(format!("{path}/{query}"));
        }
        full.push("index.html");
    }
    match full.canonicalize() {
        Ok(real) if !real.starts_with(dir) => Resolved::Refused,
        Ok(real) if real.is_file() => Resolved::File(real),
        _ => Resolved::NotFound,
    }
}

fn file(out: &mut TcpStream, shared: &Shared, target: &str, head_only: bool) -> io::Result<()> {
    let overlay = shared.state().overlay.clone();
    match resolve(&shared.dir, target) {
        Resolved::File(path) => {
            let Ok(bytes) = std::fs::read(&path) else {
                return not_found(out, shared, overlay.as_deref(), head_only);
            };
            let content_type = content_type(&path);
            if content_type.starts_with("text/html") {
                let page = overlay::inject(&bytes, overlay.as_deref());
                respond(out, Status::Ok, content_type, &page, head_only)
            } else {
                respond(out, Status::Ok, content_type, &bytes, head_only)
            }
        }
        Resolved::Redirect(location) => respond_with(
            out,
            Status::MovedPermanently,
            "text/plain; charset=utf-8",
            b"",
            head_only,
            &format!("Location: {location}\r\n"),
        ),
        Resolved::NotFound => not_found(out, shared, overlay.as_deref(), head_only),
        Resolved::Refused => respond(
            out,
            Status::Forbidden,
            "text/plain; charset=utf-8",
            b"this path leads outside the site\n",
            head_only,
        ),
    }
}

/// The site's 404 page, or an empty page (with the overlay) before anything built.
fn not_found(
    out: &mut TcpStream,
    shared: &Shared,
    overlay: Option<&str>,
    head_only: bool,
) -> io::Result<()> {
    let page =
        std::fs::read(shared.dir.join("404.html")).unwrap_or_else(|_| overlay::waiting_page());
    let page = overlay::inject(&page, overlay);
    respond(
        out,
        Status::NotFound,
        "text/html; charset=utf-8",
        &page,
        head_only,
    )
}

fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("out/cases/a")).unwrap();
        let root = dir.path().join("out").canonicalize().unwrap();
        fs::write(root.join("index.html"), "home").unwrap();
        fs::write(root.join("cases/a/index.html"), "a").unwrap();
        fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        (dir, root)
    }

    #[test]
    fn paths_resolve_inside_the_folder() {
        let (_dir, root) = site();
        assert_eq!(resolve(&root, "/"), Resolved::File(root.join("index.html")));
        assert_eq!(
            resolve(&root, "/cases/a/?x=1"),
            Resolved::File(root.join("cases/a/index.html"))
        );
        assert_eq!(
            resolve(&root, "/cases/a?x=1"),
            Resolved::Redirect("/cases/a/?x=1".into())
        );
        assert_eq!(
            resolve(&root, "/cases/%61/index.html"),
            Resolved::File(root.join("cases/a/index.html"))
        );
        assert_eq!(resolve(&root, "/nope/"), Resolved::NotFound);
    }

    #[test]
    fn no_spelling_of_parent_leaves_the_folder() {
        let (_dir, root) = site();
        for target in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/cases/..%2f..%2fsecret.txt",
            "/..%5csecret.txt",
            "/cases/%2e%2e/%2e%2e/secret.txt",
            "secret.txt",
            "http://example.org/../secret.txt",
        ] {
            assert_eq!(resolve(&root, target), Resolved::Refused, "{target}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_folder_is_refused() {
        let (dir, root) = site();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link.txt")).unwrap();
        assert_eq!(resolve(&root, "/link.txt"), Resolved::Refused);
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(
            content_type(Path::new("a/index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("casebook.css")),
            "text/css; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("data/cases.json")),
            "application/json"
        );
        assert_eq!(content_type(Path::new("x.SVG")), "image/svg+xml");
        assert_eq!(
            content_type(Path::new("pagefind/x.pf_meta")),
            "application/octet-stream"
        );
    }
}
