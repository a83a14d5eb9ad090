//! The bad-input corpus: one small site per defect in `tests/corpus/<defect>/`, built by
//! the real binary. Each defect must give exit 1, its message at its position, and
//! leave the previous output, and everything around it, exactly as it was. The few
//! that must build (a BOM and CRLF, a 10 MB body) must build.
//!
//! A defect's folder holds `expect.toml` and, under `site/`, the files that differ from
//! the common valid site of `tests/common/mod.rs` (laid over it):
//!
//! ```toml
//! # what the defect is
//! message = "unknown region"              # a part of the diagnostic's first line
//! at = "content/cases/wuxing.md:4:10"     # where it points (`--> …`), or just the file
//! builds = true                           # instead: the site must build
//! remove = ["content/regions.toml"]       # files of the common site to delete
//! args = ["-o", "content"]                # more arguments to `casebook build`
//! make = "symlink-loop"                   # a part git cannot hold, made by `make` below
//! ```

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::TestSite;

/// Written into every file outside the site: it must never show up in a message.
const OUTSIDE_SECRET: &str = "outside-secret-7f3a";

struct Expect {
    message: Option<String>,
    at: Option<String>,
    builds: bool,
    remove: Vec<String>,
    args: Vec<String>,
    make: Option<String>,
}

fn read_expect(dir: &Path) -> Result<Expect, String> {
    let path = dir.join("expect.toml");
    let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let table: toml::Table = text
        .parse()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let string = |key: &str| table.get(key).and_then(|v| v.as_str()).map(str::to_string);
    let list = |key: &str| -> Vec<String> {
        table
            .get(key)
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    for key in table.keys() {
        if !["message", "at", "builds", "remove", "args", "make"].contains(&key.as_str()) {
            return Err(format!("{}: unknown key `{key}`", path.display()));
        }
    }
    let expect = Expect {
        message: string("message"),
        at: string("at"),
        builds: table
            .get("builds")
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        remove: list("remove"),
        args: list("args"),
        make: string("make"),
    };
    if expect.builds == expect.message.is_some() {
        return Err(format!(
            "{}: give either `message` or `builds = true`",
            path.display()
        ));
    }
    Ok(expect)
}

/// What a folder holds, links not followed: path → file bytes, folder, or link target.
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    File(Vec<u8>),
    Unreadable,
    Folder,
    Link(PathBuf),
}

fn tree(dir: &Path) -> BTreeMap<PathBuf, Entry> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            let entry = if e.path_is_symlink() {
                Entry::Link(fs::read_link(e.path()).unwrap())
            } else if e.file_type().is_dir() {
                Entry::Folder
            } else {
                fs::read(e.path()).map_or(Entry::Unreadable, Entry::File)
            };
            (rel, entry)
        })
        .collect()
}

fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// What a run of one defect found wrong, or why it was skipped.
enum Outcome {
    Passed,
    Skipped(String),
}

/// Makes the parts of a defect that git cannot hold. `work` holds `site/`; anything
/// "outside the site" goes to `work/outside/`.
fn make(name: &str, work: &Path, command: &mut Command) -> Result<Option<String>, String> {
    let site = work.join("site");
    let outside = work.join("outside");
    fs::create_dir_all(&outside).unwrap();
    fs::write(outside.join("secret.md"), format!("{OUTSIDE_SECRET}\n")).unwrap();
    match name {
        "ten-megabyte-body" => {
            let paragraph = "Villages formed companies and bought shop space together; \
                             the rent is shared every year. "
                .repeat(8);
            let mut body = String::with_capacity(10_500_000);
            let mut n = 0;
            while body.len() < 10_000_000 {
                n += 1;
                body.push_str(&format!("## Part {n}\n\n{paragraph}\n\n"));
            }
            body.push_str("The last line of a very long body.\n");
            fs::write(
                site.join("content/cases/wuxing.md"),
                format!("{}{body}", common::CASE),
            )
            .unwrap();
            return Ok(None);
        }
        "output-home" => {
            fs::create_dir_all(work.join("home")).unwrap();
            command.env("HOME", work.join("home"));
            return Ok(None);
        }
        _ => {}
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let link = |target: &Path, at: &str| symlink(target, site.join(at)).unwrap();
        let outside_copy = |from: &str, secret_line: &str| {
            let text = fs::read_to_string(site.join(from)).unwrap();
            let path = outside.join(from.replace('/', "-"));
            fs::write(&path, format!("{secret_line}{text}")).unwrap();
            fs::remove_file(site.join(from)).unwrap();
            path
        };
        match name {
            "symlink-loop" => link(&site.join("content/programs"), "content/programs/loop"),
            "symlink-out-folder" => link(&outside, "content/cases/linked"),
            "symlink-out-file" => link(&outside.join("secret.md"), "content/cases/secret.md"),
            "symlink-out-site-toml" => {
                let path = outside_copy("site.toml", &format!("# {OUTSIDE_SECRET}\nx\n"));
                link(&path, "site.toml");
            }
            "symlink-out-catalog" => {
                let path = outside_copy("content/regions.toml", &format!("{OUTSIDE_SECRET}\n"));
                link(&path, "content/regions.toml");
            }
            "symlink-out-content" => {
                fs::rename(site.join("content"), outside.join("content")).unwrap();
                link(&outside.join("content"), "content");
            }
            "symlink-out-static" => {
                fs::create_dir_all(site.join("static")).unwrap();
                link(&outside.join("secret.md"), "static/passwd");
            }
            "output-symlink" => link(&site.join("public"), "linked-public"),
            "unreadable-file" => {
                let path = site.join("content/cases/wuxing.md");
                fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
                if fs::read(&path).is_ok() {
                    return Ok(Some(
                        "permissions do not bite here (running as root): an unreadable \
                         file cannot be made, so this defect is not checked"
                            .to_string(),
                    ));
                }
            }
            other => return Err(format!("unknown `make = \"{other}\"`")),
        }
        Ok(None)
    }
    #[cfg(not(unix))]
    Ok(Some(format!(
        "`{name}` needs symbolic links and Unix permissions"
    )))
}

fn run(defect: &Path, template: &Path) -> Result<Outcome, String> {
    let expect = read_expect(defect)?;
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    copy_tree(template, &site);
    let overlay = defect.join("site");
    if overlay.exists() {
        copy_tree(&overlay, &site);
    }
    for file in &expect.remove {
        fs::remove_file(site.join(file)).map_err(|e| format!("remove {file}: {e}"))?;
    }
    let mut command = Command::new(env!("CARGO_BIN_EXE_casebook"));
    command.current_dir(&site).env("NO_COLOR", "1").arg("build");
    command.args(&expect.args);
    if let Some(name) = &expect.make {
        if let Some(why) = make(name, work.path(), &mut command)? {
            return Ok(Outcome::Skipped(why));
        }
    }

    let before = tree(work.path());
    let out = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
        return Err(format!("the build panicked:\n{stderr}"));
    }
    if expect.builds {
        if !out.status.success() {
            return Err(format!("expected the site to build:\n{stderr}"));
        }
        let page = fs::read_to_string(site.join("public/cases/wuxing/index.html"))
            .map_err(|e| format!("the case page was not written: {e}"))?;
        if expect.make.as_deref() == Some("ten-megabyte-body")
            && !page.contains("The last line of a very long body.")
        {
            return Err("the end of the 10 MB body is not on the page".into());
        }
        return Ok(Outcome::Passed);
    }

    let mut problems = Vec::new();
    if out.status.code() != Some(1) {
        problems.push(format!("exit status {:?}, expected 1", out.status.code()));
    }
    let message = expect.message.as_deref().unwrap_or_default();
    // A diagnostic runs from its `error:` line to the next blank line.
    let diagnostic = stderr
        .split("\n\n")
        .filter_map(|block| block.find("error: ").map(|start| &block[start..]))
        .find(|d| {
            d.lines()
                .next()
                .is_some_and(|first| first.contains(message))
        });
    match (diagnostic, &expect.at) {
        (None, _) => problems.push(format!("no diagnostic says {message:?}")),
        (Some(d), Some(at)) if !d.contains(&format!("--> {at}")) => {
            problems.push(format!("the diagnostic {message:?} does not point at {at}"))
        }
        _ => {}
    }
    if stderr.contains(OUTSIDE_SECRET) {
        problems.push("a file outside the site was read".into());
    }
    if tree(work.path()) != before {
        problems.push("the output (or something beside it) changed".into());
    }
    if problems.is_empty() {
        Ok(Outcome::Passed)
    } else {
        Err(format!("{}\n{stderr}", problems.join("; ")))
    }
}

#[test]
fn every_defect_of_the_corpus_is_reported_and_changes_nothing() {
    // The common valid site, built once: every defect starts from it and its output.
    let template = TestSite::new();
    template.build();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut defects: Vec<PathBuf> = fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    defects.sort();
    assert!(defects.len() >= 100, "the corpus shrank: {}", defects.len());

    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(defect) = defects.get(i) else { break };
                    let name = defect.file_name().unwrap().to_string_lossy().into_owned();
                    let outcome = run(defect, template.root());
                    results.lock().unwrap().push((name, outcome));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by(|a, b| a.0.cmp(&b.0));
    let mut failures = Vec::new();
    for (name, outcome) in &results {
        match outcome {
            Ok(Outcome::Passed) => {}
            Ok(Outcome::Skipped(why)) => eprintln!("skipped {name}: {why}"),
            Err(why) => failures.push(format!("--- {name}: {why}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} defects failed:\n{}",
        failures.len(),
        results.len(),
        failures.join("\n")
    );
}
