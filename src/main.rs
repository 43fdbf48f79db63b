//! The `studysite` binary: parses the command line and prints what the library reports.

mod cli;

use clap::Parser;
use std::process::ExitCode;
use std::time::Instant;
use studysite::Error;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli.command {
        cli::Command::Build(args) => run_site_command(&args.site, args.options(), true),
        cli::Command::Check(args) => run_site_command(&args, args.options(), false),
        cli::Command::Handout(args) => handout(&args),
        cli::Command::Serve { site, port, open } => serve(&site, port, open),
        cli::Command::Init { dir } => match studysite::command::scaffold::init_site(&dir) {
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
            match studysite::command::scaffold::new_note(
                &dir,
                &title,
                &studysite::util::date::today(),
            ) {
                Ok(path) => {
                    println!("created {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => report(&e, &dir),
            }
        }
    }
}

fn run_site_command(site: &cli::SiteArgs, options: studysite::Options, build: bool) -> ExitCode {
    let args = &site.content;
    if build {
        clean_up_on_ctrl_c();
    }
    let started = Instant::now();
    let bar = cli::Bar::new(args.quiet);
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
                let seconds = started.elapsed().as_secs_f64();
                if report.up_to_date {
                    eprintln!(
                        "up to date: nothing changed since the last build of {} notes into {} pages ({seconds:.2}s{warnings}); --force rebuilds",
                        report.notes, report.pages
                    );
                } else {
                    eprintln!(
                        "{verb} {} notes into {} pages in {seconds:.2}s{warnings}",
                        report.notes, report.pages
                    );
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => report(&e, &args.root),
    }
}

fn serve(args: &cli::ContentArgs, port: u16, open: bool) -> ExitCode {
    let log = std::sync::Arc::new(cli::ServeLog {
        root: args.root.clone(),
    });
    let server = match studysite::command::serve::Server::start(&args.options(None), port, log) {
        Ok(server) => server,
        Err(e) => return report(&e, &args.root),
    };
    let url = server.url();
    eprintln!("serving {url} (on 127.0.0.1 only); watching for changes, Ctrl-C to stop");
    if open {
        open_browser(&url);
    }
    // Ctrl-C ends the process here, after the server (and its temporary folder) is dropped.
    let (stop, stopped) = std::sync::mpsc::channel();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = stop.send(());
    }) {
        eprintln!("warning: cannot catch Ctrl-C ({e}); its temporary folder may be left behind");
    }
    let _ = stopped.recv();
    drop(server);
    ExitCode::SUCCESS
}

/// Ctrl-C removes what the command was making (a build's staging folder, a handout's
/// temporary files) and stops what it started (Chromium), which nothing else would, then ends
/// the process as interrupted.
fn clean_up_on_ctrl_c() {
    let handler = || {
        studysite::util::interrupt::clean_up();
        eprintln!("interrupted: its temporary files were removed");
        std::process::exit(130);
    };
    if let Err(e) = ctrlc::set_handler(handler) {
        eprintln!("warning: cannot catch Ctrl-C ({e}); its temporary files may be left behind");
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("warning: cannot open a browser with {opener} ({e}); open {url} yourself");
    }
}

fn handout(handout: &cli::HandoutArgs) -> ExitCode {
    let args = &handout.content;
    clean_up_on_ctrl_c();
    use studysite::command::handout::Written;
    use studysite::output::handout::Existing;
    let started = Instant::now();
    let bar = cli::Bar::new(args.quiet);
    let result = studysite::command::handout::make(&handout.options(), &handout.request(), &bar);
    bar.finish();
    let outcome = match result {
        Ok(outcome) => outcome,
        Err(e) => return report(&e, &args.root),
    };
    for warning in &outcome.warnings {
        cli::print_diagnostic(warning, &args.root);
    }
    let replaced = |written: &Written, what: &str| match written.existing {
        Existing::Forced => eprintln!(
            "warning: replaced {}, which was not {what} (--force)",
            written.path.display()
        ),
        Existing::Handout if what == "a PDF" => {
            eprintln!("note: replaced the existing PDF {}", written.path.display())
        }
        _ => {}
    };
    let what = match &outcome.subtitle {
        Some(subtitle) => format!("{} notes ({subtitle})", outcome.notes),
        None => format!("{} notes", outcome.notes),
    };
    if let Some(html) = &outcome.html {
        replaced(html, "a handout");
        if !args.quiet {
            eprintln!("wrote a handout of {what} to {}", html.path.display());
        }
    }
    if let Some(pdf) = &outcome.pdf {
        replaced(pdf, "a PDF");
        if !args.quiet {
            let pages = pdf
                .pages
                .map_or(String::new(), |n| format!("{n} pages of "));
            eprintln!("printed {pages}{what} to {}", pdf.path.display());
        }
    }
    if !args.quiet {
        eprintln!("done in {:.2}s", started.elapsed().as_secs_f64());
    }
    ExitCode::SUCCESS
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
