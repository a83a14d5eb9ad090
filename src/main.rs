//! The `casebook` command line.

use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use casebook::diagnostics::Diagnostics;
use casebook::pipeline::{self, Report};
use casebook::progress::Reporter;
use casebook::scaffold;
use casebook::validate::Options;

/// Build report sites of typical cases and financial support programs.
#[derive(Parser)]
#[command(name = "casebook", version, about, long_about = None)]
struct Cli {
    /// Print only problems
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print each step of a build and its time
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate the site and write it to the output folder
    Build {
        /// The site's folder (holding site.toml)
        #[arg(default_value = ".")]
        site_dir: PathBuf,
        /// Where to write the site [default: SITE_DIR/public]
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Include records marked draft = true
        #[arg(long)]
        drafts: bool,
        /// Use this base URL instead of site.toml's base_url
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Replace the output folder even if Casebook did not make it
        #[arg(long)]
        force: bool,
    },
    /// Validate the site and render it in memory; write nothing
    Check {
        /// The site's folder (holding site.toml)
        #[arg(default_value = ".")]
        site_dir: PathBuf,
        /// Include records marked draft = true
        #[arg(long)]
        drafts: bool,
        /// Also request every link to another site (uses the network)
        #[arg(long)]
        external: bool,
        /// How long to wait for each external link, in seconds
        #[arg(
            long,
            value_name = "SECONDS",
            default_value_t = 10,
            requires = "external"
        )]
        timeout: u64,
    },
    /// Build the site, serve it on this machine, and build it again as its files change
    Serve {
        /// The site's folder (holding site.toml)
        #[arg(default_value = ".")]
        site_dir: PathBuf,
        /// The port to listen on (0 takes a free one)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
        bind: IpAddr,
        /// Include records marked draft = true
        #[arg(long)]
        drafts: bool,
    },
    /// Write a new case or program with every field of the content format
    New {
        /// What to write
        kind: RecordKind,
        /// Its slug: the file name and the URL (lowercase letters, digits and -)
        slug: String,
        /// The site's folder (holding site.toml)
        #[arg(default_value = ".")]
        site_dir: PathBuf,
    },
    /// Make a new site in DIR from the built-in example
    Init {
        /// A new or empty folder
        dir: PathBuf,
    },
    /// Write a synthetic site for benchmarks (the same bytes for the same numbers)
    BenchSite {
        /// How many cases
        #[arg(long, default_value_t = 1000)]
        cases: usize,
        /// How many programs
        #[arg(long, default_value_t = 100)]
        programs: usize,
        /// The seed of the generator
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Where to write the site (a new or empty folder)
        #[arg(short, long)]
        output: PathBuf,
        /// Also write the cases as plain Markdown pages of a Hugo site into this folder
        #[arg(long, value_name = "DIR")]
        hugo: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum RecordKind {
    Case,
    Program,
}

/// jemalloc: measured on the benchmark site (scripts/bench.sh), about a fifth less CPU
/// time and peak memory than the system allocator under rayon's threads.
#[cfg(unix)]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let started = Instant::now();
    let quiet = cli.quiet;
    let reporter = Reporter::new(cli.quiet, cli.verbose, use_color());
    let result = match cli.command {
        Command::Build {
            site_dir,
            output,
            drafts,
            base_url,
            force,
        } => pipeline::build_with(
            &site_dir,
            output.as_deref(),
            force,
            &Options { drafts, base_url },
            &reporter,
        ),
        Command::Check {
            site_dir,
            drafts,
            external,
            timeout,
        } => {
            let options = Options {
                drafts,
                base_url: None,
            };
            if external {
                let timeout = std::time::Duration::from_secs(timeout);
                pipeline::check_external(&site_dir, &options, timeout).map(|(report, links)| {
                    eprintln!("Requested {links} external links: every one answered");
                    report
                })
            } else {
                pipeline::check_with(&site_dir, &options, &reporter)
            }
        }
        Command::Serve {
            site_dir,
            port,
            bind,
            drafts,
        } => {
            let options = casebook::serve::ServeOptions {
                site_dir,
                port,
                bind,
                drafts,
                quiet: cli.quiet,
                verbose: cli.verbose,
                color: use_color(),
            };
            return match casebook::serve::run(&options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(diags) => {
                    print_problems(diags);
                    ExitCode::from(1)
                }
            };
        }
        Command::New {
            kind,
            slug,
            site_dir,
        } => {
            let kind = match kind {
                RecordKind::Case => scaffold::Record::Case,
                RecordKind::Program => scaffold::Record::Program,
            };
            return match scaffold::new_record(&site_dir, kind, &slug) {
                Ok(path) => {
                    if !quiet {
                        eprintln!(
                            "Wrote {}: fill in the required fields, then build",
                            path.display()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    print_problems(d.into());
                    ExitCode::from(1)
                }
            };
        }
        Command::Init { dir } => {
            return match scaffold::init(&dir) {
                Ok(count) => {
                    if !quiet {
                        eprintln!(
                            "Made a new site in {} ({count} files); build it with `casebook build {}`",
                            dir.display(),
                            dir.display()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    print_problems(d.into());
                    ExitCode::from(1)
                }
            };
        }
        Command::BenchSite {
            cases,
            programs,
            seed,
            output,
            hugo,
        } => {
            let spec = casebook::benchsite::Spec {
                cases,
                programs,
                seed,
            };
            return match casebook::benchsite::generate(&spec, &output, hugo.as_deref()) {
                Ok(summary) => {
                    eprintln!("{summary}");
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print_diagnostics(diags);
                    ExitCode::from(1)
                }
            };
        }
    };
    reporter.finish();
    match result {
        Ok(report) => {
            if !quiet {
                print_summary(&report, started);
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            print_diagnostics(diags);
            ExitCode::from(1)
        }
    }
}

fn use_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn print_summary(report: &Report, started: Instant) {
    let ms = started.elapsed().as_millis();
    match &report.output {
        Some(output) => eprintln!(
            "Built {} cases, {} programs: {} pages, {} charts, {} files in {ms} ms -> {}",
            report.cases,
            report.programs,
            report.pages,
            report.charts,
            report.files,
            output.display()
        ),
        None => eprintln!(
            "Checked {} cases, {} programs: {} pages and {} charts would be built; no problems ({ms} ms)",
            report.cases, report.programs, report.pages, report.charts
        ),
    }
}

/// Problems outside a build: nothing to say about the output.
fn print_problems(diags: Diagnostics) {
    let color = use_color();
    for d in diags.into_sorted() {
        eprintln!("{}\n", d.render(color));
    }
}

fn print_diagnostics(diags: Diagnostics) {
    let color = use_color();
    let count = diags.len();
    for d in diags.into_sorted() {
        eprintln!("{}\n", d.render(color));
    }
    let noun = if count == 1 { "problem" } else { "problems" };
    eprintln!("error: {count} {noun} found; nothing was written, the previous output is unchanged");
}
