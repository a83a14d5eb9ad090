//! What a build says while it runs. A build reports its steps and pages to a
//! [`Progress`]; the command line's [`Reporter`] shows a progress bar on a terminal
//! once a build has run for about a second, prints each step's time with `--verbose`
//! (plain lines, or above the bar), and says nothing with `--quiet`.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Hears about a build as it runs. Every method does nothing unless overridden.
pub trait Progress: Sync {
    /// A step of the build (load, validate, render, write …) ended after `took`.
    fn done(&self, _step: &str, _took: Duration) {}
    /// Rendering starts: `total` pages.
    fn pages(&self, _total: usize) {}
    /// A page is rendered.
    fn tick(&self) {}
}

/// Hears nothing.
pub struct Silent;

impl Progress for Silent {}

/// How long a build runs before its progress bar shows.
const QUIET_PERIOD: Duration = Duration::from_secs(1);

/// The command line's progress: a bar on a terminal for long builds, plain lines
/// otherwise.
pub struct Reporter {
    started: Instant,
    verbose: bool,
    /// Whether a bar may show: stderr is a terminal and not `--quiet`.
    terminal: bool,
    bar: ProgressBar,
    shown: AtomicBool,
}

impl Reporter {
    pub fn new(quiet: bool, verbose: bool, color: bool) -> Reporter {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
        let template = if color {
            "{msg:>10.cyan.bold} [{bar:40.cyan/blue}] {pos}/{len} pages ({elapsed})"
        } else {
            "{msg:>10} [{bar:40}] {pos}/{len} pages ({elapsed})"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message("loading");
        Reporter {
            started: Instant::now(),
            verbose: verbose && !quiet,
            terminal: !quiet && std::io::stderr().is_terminal(),
            bar,
            shown: AtomicBool::new(false),
        }
    }

    /// Shows the bar once the build has run long enough.
    fn show_when_due(&self) {
        if self.terminal
            && !self.shown.load(Ordering::Relaxed)
            && self.started.elapsed() >= QUIET_PERIOD
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.bar.enable_steady_tick(Duration::from_millis(100));
        }
    }

    /// Removes the bar, before the summary or the problems are printed.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Reporter {
    fn done(&self, step: &str, took: Duration) {
        if self.verbose {
            let line = format!("{step:>10}: {} ms", took.as_millis());
            if self.shown.load(Ordering::Relaxed) {
                self.bar.println(line);
            } else {
                eprintln!("{line}");
            }
        }
        let next = match step {
            "load" => "validating",
            "render" => "writing",
            _ => "rendering",
        };
        self.bar.set_message(next);
        self.show_when_due();
    }

    fn pages(&self, total: usize) {
        self.bar.set_length(total as u64);
        self.bar.set_position(0);
        self.bar.set_message("rendering");
        self.show_when_due();
    }

    fn tick(&self) {
        self.bar.inc(1);
        self.show_when_due();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reporter_off_a_terminal_never_shows_a_bar() {
        let mut reporter = Reporter::new(false, false, false);
        reporter.terminal = false;
        reporter.pages(3);
        for _ in 0..3 {
            reporter.tick();
        }
        reporter.done("render", Duration::from_millis(5));
        assert!(!reporter.shown.load(Ordering::Relaxed));
        assert_eq!(reporter.bar.position(), 3);
        reporter.finish();
    }
}
