//! The temporary folders a build makes beside its output, and the ones a killed build
//! left there. A build's folders are named `.<output>.casebook-new-<pid>-<random>` (the
//! new site being written) and `.<output>.casebook-old-<pid>-<random>` (the previous
//! site, moved aside). The next build removes those of builds that are no longer
//! running, and nothing else: not another output's, not a running build's, not a file
//! or a link that happens to bear the name.

use std::fs;
use std::path::Path;

/// The prefix of the folder that the new site is written into.
pub fn new_prefix(output_name: &str) -> String {
    format!(".{output_name}.casebook-new-{}-", std::process::id())
}

/// The prefix of the folder that the previous site is moved aside into.
pub fn old_prefix(output_name: &str) -> String {
    format!(".{output_name}.casebook-old-{}-", std::process::id())
}

/// Removes from `parent` the temporary folders of builds of `output_name` whose
/// process has ended (killed, or the machine stopped). Errors are ignored: a folder
/// that cannot be removed is left for a later build, and never stops this one.
pub fn remove_stale(parent: &Path, output_name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let ours = [
        format!(".{output_name}.casebook-new-"),
        format!(".{output_name}.casebook-old-"),
    ];
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| {
            ours.iter()
                .find_map(|prefix| n.strip_prefix(prefix.as_str()))
        }) else {
            continue;
        };
        let Some(pid) = rest
            .split_once('-')
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        // A real folder only: never follow a link that bears our name.
        let is_folder = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_folder && pid != std::process::id() && !is_running(pid) {
            remove(&entry.path());
        }
    }
}

/// Removes one of our temporary folders. A previous site made read-only inside it
/// (by hand, `chmod -R a-w`) is made writable first: it is ours, and only a copy.
fn remove(folder: &Path) {
    if fs::remove_dir_all(folder).is_ok() {
        return;
    }
    #[cfg(unix)]
    for entry in walkdir::WalkDir::new(folder).into_iter().flatten() {
        if entry.file_type().is_dir() {
            use std::os::unix::fs::PermissionsExt;
            let _ = fs::set_permissions(entry.path(), fs::Permissions::from_mode(0o700));
        }
    }
    let _ = fs::remove_dir_all(folder);
}

/// Whether a process with this id exists (a process of another user counts).
#[cfg(unix)]
fn is_running(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    !matches!(
        rustix::process::test_kill_process(pid),
        Err(rustix::io::Errno::SRCH)
    )
}

/// Elsewhere a build's end cannot be told: its folders are kept.
#[cfg(not(unix))]
fn is_running(_pid: u32) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A process id that is surely not running: a child that has ended and was reaped.
    #[cfg(unix)]
    fn ended_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[cfg(unix)]
    #[test]
    fn removes_only_the_folders_of_ended_builds_of_this_output() {
        let dir = tempfile::tempdir().unwrap();
        let ended = ended_pid();
        let make = |name: &str| {
            let path = dir.path().join(name);
            fs::create_dir(&path).unwrap();
            fs::write(path.join("index.html"), "x").unwrap();
        };
        make(&format!(".public.casebook-new-{ended}-a1b2c3"));
        make(&format!(".public.casebook-old-{ended}-d4e5f6"));
        // A running build's (this test's parent, pid 1), another output's, one without
        // a pid, and a file and a link that bear the name are all kept.
        make(".public.casebook-new-1-zzzzzz");
        make(&format!(".preview.casebook-new-{ended}-a1b2c3"));
        make(".public.casebook-new-x-a1b2c3");
        make("public");
        fs::write(
            dir.path()
                .join(format!(".public.casebook-new-{ended}-file")),
            "",
        )
        .unwrap();
        std::os::unix::fs::symlink(
            dir.path().join("public"),
            dir.path()
                .join(format!(".public.casebook-old-{ended}-link")),
        )
        .unwrap();

        // A previous site made read-only by hand, inside a killed build's folder.
        let locked = dir
            .path()
            .join(format!(".public.casebook-old-{ended}-d4e5f6/cases"));
        fs::create_dir(&locked).unwrap();
        fs::write(locked.join("index.html"), "x").unwrap();
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o555)).unwrap();

        remove_stale(dir.path(), "public");
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                format!(".preview.casebook-new-{ended}-a1b2c3"),
                ".public.casebook-new-1-zzzzzz".to_string(),
                format!(".public.casebook-new-{ended}-file"),
                ".public.casebook-new-x-a1b2c3".to_string(),
                format!(".public.casebook-old-{ended}-link"),
                "public".to_string(),
            ]
        );
        assert!(dir.path().join("public/index.html").is_file());
    }

    #[test]
    fn prefixes_name_the_output_and_this_process() {
        let pid = std::process::id();
        assert_eq!(new_prefix("public"), format!(".public.casebook-new-{pid}-"));
        assert_eq!(old_prefix("site"), format!(".site.casebook-old-{pid}-"));
    }
}
