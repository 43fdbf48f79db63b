//! The `studysite` binary: parses the command line and prints what the library reports.

mod cli;

use clap::Parser;
use std::process::ExitCode;
use std::time::Instant;
use studysite::Error;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli.command {
        cli::Command::Build(args) => run_site_command(&args, true),
        cli::Command::Check(args) => run_site_command(&args, false),
        cli::Command::Init { dir } => match studysite::scaffold::init_site(&dir) {
            Ok(files) => {
                for file in files {
                    println!("created {}", file.display());
                }
                println!("next: studysite build --root {}", dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => report(&e, &dir),
        },
        cli::Command::New { title, dir } => {
            match studysite::scaffold::new_note(&dir, &title, &studysite::scaffold::today()) {
                Ok(path) => {
                    println!("created {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => report(&e, &dir),
            }
        }
    }
}

fn run_site_command(args: &cli::SiteArgs, build: bool) -> ExitCode {
    let started = Instant::now();
    let bar = cli::Bar::new(args.quiet);
    let options = args.options();
    let result = if build {
        studysite::build(&options, &bar)
    } else {
        studysite::check(&options, &bar)
    };
    bar.finish();
    match result {
        Ok(report) => {
            for warning in &report.warnings {
                cli::print_diagnostic(warning, &args.root);
            }
            if !args.quiet {
                let verb = if build { "built" } else { "checked" };
                let warnings = match report.warnings.len() {
                    0 => String::new(),
                    1 => ", 1 warning".into(),
                    n => format!(", {n} warnings"),
                };
                eprintln!(
                    "{verb} {} notes into {} pages in {:.2}s{warnings}",
                    report.notes,
                    report.pages,
                    started.elapsed().as_secs_f64()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => report(&e, &args.root),
    }
}

fn report(error: &Error, root: &std::path::Path) -> ExitCode {
    match error {
        Error::Invalid(diagnostics) => {
            for d in diagnostics {
                cli::print_diagnostic(d, root);
            }
            let n = diagnostics.len();
            eprintln!(
                "error: {n} problem{} found; nothing was written",
                if n == 1 { "" } else { "s" }
            );
        }
        Error::Io { .. } => {
            eprintln!("error: {error}");
            eprintln!("error: the previous output, if any, was left as it was");
        }
    }
    ExitCode::from(1)
}
