//! Faults while writing: a build killed mid-write (SIGKILL), a full disk and a
//! read-only output folder never lose the last good site, and leave no temporary
//! folder behind (a killed build's are removed by the next build).

#![cfg(unix)]

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use common::{TestSite, snapshot};

fn casebook() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_casebook"));
    command.env("NO_COLOR", "1");
    command
}

/// The names in `dir` other than `keep`: what a build left behind.
fn leftovers(dir: &Path, keep: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !keep.contains(&n.as_str()))
        .collect();
    names.sort();
    names
}

/// The test site and, beside it, a bigger one: sixty more cases and 25 MB of static
/// files, so that writing it takes long enough to be killed on the way.
fn bigger_site() -> TestSite {
    let site = TestSite::new();
    for i in 0..60 {
        site.write(
            &format!("content/cases/more-{i}.md"),
            &common::CASE
                .replace("programs = [\"pv-loan\"]\n", "")
                .replace("in Wuxing", &format!("in Wuxing, part {i}")),
        );
    }
    let block: Vec<u8> = (0..64 * 1024).map(|i| (i * 7 % 251) as u8).collect();
    for i in 0..400 {
        site.write_bytes(&format!("static/files/{i:03}.bin"), &block);
    }
    site
}

/// A small pseudo-random sequence (xorshift), seeded from the clock and printed, so
/// that each run kills at other points and a failure can be replayed.
struct Random(u64);

impl Random {
    fn new() -> Random {
        let seed = std::env::var("CASEBOOK_KILL_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                SystemTime::now()
                    .duration_since(SystemTime::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        eprintln!("kill points seeded with CASEBOOK_KILL_SEED={seed}");
        Random(seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// How many bytes the process `pid` has written so far, to any file, wherever the
/// build puts them (Linux's `/proc/<pid>/io`); `None` where the system does not tell.
fn bytes_written(pid: u32) -> Option<u64> {
    let io = fs::read_to_string(format!("/proc/{pid}/io")).ok()?;
    io.lines()
        .find_map(|line| line.strip_prefix("wchar:"))?
        .trim()
        .parse()
        .ok()
}

/// The files of the output folder, or `None` if there is none.
fn output_of(dir: &Path) -> Option<Vec<(String, Vec<u8>)>> {
    dir.is_dir().then(|| snapshot(dir))
}

#[test]
fn a_build_killed_mid_write_leaves_the_previous_output_intact() {
    let site = TestSite::new();
    site.build();
    let public = site.path("public");
    let first = snapshot(&public);
    let bigger = bigger_site();
    // What a finished build of the bigger site writes, wherever it goes.
    let elsewhere = tempfile::tempdir().unwrap();
    let complete_build = elsewhere.path().join("public");
    let started = Instant::now();
    casebook()
        .arg("build")
        .arg(bigger.root())
        .arg("-o")
        .arg(&complete_build)
        .assert_success();
    let build_time = started.elapsed();
    let complete = snapshot(&complete_build);
    for (site, page) in [
        (&first, "cases/wuxing/index.html"),
        (&complete, "cases/more-59/index.html"),
    ] {
        assert!(site.iter().any(|(path, _)| path == page), "no {page}");
    }
    let size: u64 = complete.iter().map(|(_, bytes)| bytes.len() as u64).sum();
    let counts_writes = bytes_written(std::process::id()).is_some();
    if !counts_writes {
        eprintln!("this system does not count a process's writes: every kill is at a random time");
    }

    let mut random = Random::new();
    let mut killed_mid_write = 0;
    for round in 0..8 {
        // Each round starts from the small site, so that the previous output is known.
        site.build();
        assert!(output_of(&public).as_ref() == Some(&first), "round {round}");
        let mut child = casebook()
            .arg("build")
            .arg(bigger.root())
            .arg("-o")
            .arg(&public)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let pid = child.id();
        // Even rounds: a random moment within the time a whole build takes, whatever
        // the build is doing then. Odd rounds: once the build has written a random
        // part (10 to 90 %) of the new site's bytes, wherever it writes them.
        let mut writing = false;
        if round % 2 == 1 && counts_writes {
            let part = size / 10 + random.below(size * 8 / 10);
            while !writing && child.try_wait().unwrap().is_none() {
                writing = bytes_written(pid).is_some_and(|n| n >= part);
                std::thread::sleep(Duration::from_micros(100));
            }
        } else {
            std::thread::sleep(build_time.mul_f64(random.below(1000) as f64 / 1000.0));
        }
        child.kill().unwrap();
        child.wait().unwrap();

        let now = output_of(&public);
        let found = match &now {
            None => "missing",
            Some(files) if *files == first => "the previous site",
            Some(files) if *files == complete => "the whole new site",
            Some(_) => "a mix of sites",
        };
        assert!(
            now.as_ref() == Some(&first) || now.as_ref() == Some(&complete),
            "round {round}: after the kill the output is {found}, not the whole previous \
             site or the whole new one"
        );
        if writing && now.as_ref() == Some(&first) {
            killed_mid_write += 1;
        }
    }
    eprintln!("{killed_mid_write} of 8 builds were killed while writing");
    if counts_writes {
        assert!(killed_mid_write > 0, "no build was killed while writing");
    }

    // The next build removes what the killed ones left, and only that.
    site.build();
    assert_eq!(first, snapshot(&public));
    let left = leftovers(site.root(), &["site.toml", "content", "public"]);
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// A tmpfs mounted for one test, unmounted when dropped.
struct Mount(tempfile::TempDir);

impl Mount {
    /// `None`, with the reason printed, where this machine does not let the test mount
    /// (not root, or no CAP_SYS_ADMIN in a container).
    fn tmpfs(size: &str) -> Option<Mount> {
        let dir = tempfile::tempdir().unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status();
        match status {
            Ok(s) if s.success() => Some(Mount(dir)),
            _ => {
                eprintln!("skipped: cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN)");
                None
            }
        }
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    fn read_only(&self) -> bool {
        Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(self.path())
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.path()).status();
    }
}

/// `casebook build -o DIR/public`, expected to fail; its stderr.
fn build_fails_into(site: &TestSite, dir: &Path) -> String {
    let out = casebook()
        .current_dir(site.root())
        .arg("build")
        .arg("-o")
        .arg(dir.join("public"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn a_full_disk_fails_clearly_and_leaves_the_previous_site() {
    let Some(disk) = Mount::tmpfs("4m") else {
        return;
    };
    let site = TestSite::new();
    casebook()
        .current_dir(site.root())
        .arg("build")
        .arg("-o")
        .arg(disk.path().join("public"))
        .assert_success();
    let before = snapshot(&disk.path().join("public"));
    // Five megabytes more than the disk holds.
    site.write_bytes("static/big.bin", &vec![7_u8; 5 * 1024 * 1024]);
    let stderr = build_fails_into(&site, disk.path());
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert!(
        stderr.contains("the previous site was left as it was"),
        "{stderr}"
    );
    assert_eq!(before, snapshot(&disk.path().join("public")));
    assert_eq!(leftovers(disk.path(), &["public"]), Vec::<String>::new());
}

#[test]
fn a_read_only_output_folder_fails_clearly_and_leaves_the_previous_site() {
    let site = TestSite::new();
    let mount = Mount::tmpfs("4m");
    let plain = tempfile::tempdir().unwrap();
    let dir = mount.as_ref().map_or(plain.path(), Mount::path);
    casebook()
        .current_dir(site.root())
        .arg("build")
        .arg("-o")
        .arg(dir.join("public"))
        .assert_success();
    let before = snapshot(&dir.join("public"));
    match &mount {
        Some(m) => assert!(m.read_only(), "cannot remount read-only"),
        None => {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(dir, fs::Permissions::from_mode(0o555)).unwrap();
            if fs::write(dir.join("probe"), "").is_ok() {
                eprintln!("skipped: permissions do not bite here (root) and no tmpfs to mount");
                return;
            }
        }
    }
    let stderr = build_fails_into(&site, dir);
    assert!(
        stderr.contains("Read-only file system") || stderr.contains("Permission denied"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the previous site was left as it was"),
        "{stderr}"
    );
    assert_eq!(before, snapshot(&dir.join("public")));
    assert_eq!(leftovers(dir, &["public"]), Vec::<String>::new());
    if mount.is_none() {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// `casebook`, run so that file permissions bind it: as it is for a user; for root,
/// through util-linux's `setpriv` without the capabilities that override permissions.
/// `None` where that cannot be done.
fn casebook_bound_by_permissions() -> Option<Command> {
    const DROP: [&str; 2] = ["--bounding-set", "-dac_override,-dac_read_search,-fowner"];
    if !rustix::process::geteuid().is_root() {
        return Some(casebook());
    }
    let can_drop = Command::new("setpriv")
        .args(DROP)
        .arg("true")
        .status()
        .is_ok_and(|s| s.success());
    can_drop.then(|| {
        let mut command = Command::new("setpriv");
        command
            .args(DROP)
            .arg(env!("CARGO_BIN_EXE_casebook"))
            .env("NO_COLOR", "1");
        command
    })
}

#[test]
fn a_read_only_output_folder_itself_is_refused_and_left_as_it_was() {
    use std::os::unix::fs::PermissionsExt;
    let Some(mut casebook) = casebook_bound_by_permissions() else {
        eprintln!(
            "skipped: running as root, and setpriv cannot drop the capabilities that override permissions"
        );
        return;
    };
    let site = TestSite::new();
    site.build();
    let public = site.path("public");
    let before = snapshot(&public);
    fs::set_permissions(&public, fs::Permissions::from_mode(0o555)).unwrap();
    let out = casebook
        .current_dir(site.root())
        .arg("build")
        .output()
        .unwrap();
    fs::set_permissions(&public, fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("is not writable (Permission denied"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the previous site was left as it was"),
        "{stderr}"
    );
    assert_eq!(before, snapshot(&public));
    let left = leftovers(site.root(), &["site.toml", "content", "public"]);
    assert!(left.is_empty(), "left behind: {left:?}");
}

trait AssertSuccess {
    fn assert_success(&mut self);
}

impl AssertSuccess for Command {
    fn assert_success(&mut self) {
        let out = self.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
