//! The repository's own course in `notes/`, built as a reader gets it.

use crate::common::{studysite_command, Page, TestSite};
use std::collections::{BTreeSet, VecDeque};
use std::path::Path;
use std::sync::OnceLock;

fn course() -> &'static TestSite {
    static SITE: OnceLock<TestSite> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = TestSite::new();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let out = site.path("public");
        let result = studysite_command()
            .args(["build", "--quiet", "--root"])
            .arg(repo)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            result.status.success(),
            "{}",
            String::from_utf8_lossy(&result.stderr)
        );
        site
    })
}

fn notes() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("notes");
    walkdir::WalkDir::new(&dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

fn frontmatter(text: &str) -> serde_yaml::Mapping {
    let yaml = text
        .strip_prefix("---\n")
        .and_then(|t| t.split("\n---\n").next())
        .unwrap_or("");
    serde_yaml::from_str(yaml).unwrap_or_default()
}

#[test]
fn every_note_has_title_summary_and_tags() {
    for (rel, text) in notes() {
        let fm = frontmatter(&text);
        for key in ["title", "summary", "tags"] {
            assert!(fm.contains_key(key), "{rel} has no {key}");
        }
    }
}

#[test]
fn every_concept_note_has_key_facts() {
    for (rel, text) in notes() {
        if rel.ends_with("index.md") || rel == "summary.md" {
            continue;
        }
        assert!(text.contains("> [!KEY]\n> - "), "{rel} has no key facts");
    }
}

#[test]
fn every_note_is_reachable_from_the_home_page_by_its_links() {
    let site = course();
    let mut seen = BTreeSet::from(["index.html".to_string()]);
    let mut queue = VecDeque::from(["index.html".to_string()]);
    while let Some(url) = queue.pop_front() {
        let page = site.page(&url);
        let dir = Path::new(&url).parent().unwrap().to_path_buf();
        for href in page.attrs(".content a[href], .course a[href]", "href") {
            if href.starts_with('#') || href.contains("://") {
                continue;
            }
            let target = dir.join(href.split('#').next().unwrap());
            let target = normalize(&target);
            if target.ends_with(".html") && seen.insert(target.clone()) {
                queue.push_back(target);
            }
        }
    }
    for (rel, _) in notes() {
        let url = rel.replace(".md", ".html");
        assert!(
            seen.contains(&url),
            "{url} cannot be reached from the home page"
        );
    }
}

fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c.as_os_str().to_str().unwrap() {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            other => parts.push(other.to_string()),
        }
    }
    parts.join("/")
}

#[test]
fn every_diagram_is_rendered_to_svg() {
    let site = course();
    let mut total = 0;
    for (rel, text) in notes() {
        let blocks = text.matches("```pikchr").count();
        total += blocks;
        let page = site.page(&rel.replace(".md", ".html"));
        assert_eq!(
            page.select("figure.diagram > svg.diagram").len(),
            blocks,
            "{rel}"
        );
    }
    assert!(
        total >= 4,
        "the four flows of the seeds are drawn: found {total} diagrams"
    );
}

#[test]
fn the_named_comparisons_are_tables_of_linked_notes() {
    let site = course();
    let index: Page = site.page("comparisons.html");
    let titles = index.texts("ul.comparison-index > li > a");
    for wanted in ["Docker", "EC2", "Batch", "Fargate", "ECS"] {
        assert!(
            titles.iter().any(|t| t.contains(wanted)),
            "no comparison about {wanted}: {titles:?}"
        );
    }
    assert!(titles.len() >= 5, "{titles:?}");
    // Each title once: the things compared are listed only when the title does not name them.
    let details = index.texts("ul.comparison-index > li > span.muted");
    for (title, detail) in titles.iter().zip(&details) {
        assert!(
            !detail.contains(title.as_str()),
            "{title:?} twice: {detail:?}"
        );
    }
    assert!(
        details.iter().any(|d| d.contains(" vs ")),
        "a title that does not name its things is followed by them: {details:?}"
    );
    for href in index.attrs("ul.comparison-index > li > a", "href") {
        let (page, id) = href.split_once('#').unwrap();
        let page = site.page(page);
        let table = page.select(&format!("figure#{id} table.compare"));
        assert_eq!(table.len(), 1, "{href}");
        // Every compared thing has a note (EC2 and virtual machines once linked nowhere).
        let columns = page.select(&format!("figure#{id} thead th"));
        assert!(columns.len() >= 3, "{href}: {} header cells", columns.len());
        for th in &columns[1..] {
            let selector = scraper::Selector::parse("a[href]").unwrap();
            assert!(
                th.select(&selector).next().is_some(),
                "{href}: column {:?} links to no note",
                crate::common::text(th)
            );
        }
    }
}

/// A page's reading text, made comparable with the phrases below: lowercase, straight quotes
/// and apostrophes, `...` for the ellipsis, whitespace collapsed.
fn normalized(text: &str) -> String {
    text.to_lowercase()
        .replace(['\u{2018}', '\u{2019}'], "'")
        .replace(['\u{201c}', '\u{201d}'], "\"")
        .replace('\u{2026}', "...")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn content_text(page: &Page) -> String {
    normalized(&page.texts(".content").join(" "))
}

/// The facts of the source notes the course was written from that still hold, by the page that
/// teaches each one. Dropping one of them from a note makes this fail.
const SOURCE_FACTS: &[(&str, &[&str])] = &[
    (
        "containers/docker.html",
        &[
            "software development platform for deploying apps",
            "apps run the same, regardless of where they are run",
            "any machine",
            "no compatibility issues",
            "predictable behavior",
            "less work",
            "easier to maintain and deploy",
            "any language, any os, any technology",
            "scale up and down very quickly (in seconds)",
            "docker repositories",
            "https://hub.docker.com/",
            "ubuntu",
            "mysql",
            "nodejs, java",
            "\"sort of\" a virtualization technology, but not exactly",
            "many containers can run on one server",
        ],
    ),
    (
        "containers/ecs.html",
        &[
            "elastic container service",
            "launch docker containers on aws",
            "you must provision and maintain the infrastructure (the ec2 instances)",
            "aws takes care of starting and stopping",
            "application load balancer",
            "run docker containers on ec2 instances",
        ],
    ),
    (
        "containers/fargate.html",
        &[
            "launches docker containers on aws",
            "you do not provision the infrastructure",
            "no ec2 instances to manage",
            "serverless offering",
            "based on the cpu / ram you need",
        ],
    ),
    (
        "containers/ecr.html",
        &[
            "elastic container registry",
            "private docker registry on aws",
            "store your images so they can be run by amazon ecs or aws fargate",
        ],
    ),
    ("containers/eks.html", &["elastic kubernetes service"]),
    (
        "serverless/what-is-serverless.html",
        &[
            "developers don't have to manage servers anymore",
            "they just deploy code",
            "they just deploy functions",
            "serverless == faas (function as a service)",
            "pioneered by aws lambda",
            "databases, messaging, storage, etc.",
            "you just don't manage / provision / see them",
            "amazon s3, dynamodb, fargate and lambda",
        ],
    ),
    (
        "serverless/lambda.html",
        &[
            "virtual servers in the cloud",
            "limited by ram and cpu",
            "run continuously",
            "scaling means an intervention to add or remove servers",
            "virtual functions, with no servers to manage",
            "limited by time (short executions)",
            "run on demand",
            "scaling is automated",
            "pay per request and compute time",
            "1,000,000 requests and 400,000 gb-seconds",
            "integrated with the whole aws suite",
            "functions get invoked by aws when needed",
            "triggered",
            "integrated with many programming languages",
            "easy monitoring through amazon cloudwatch",
            "up to 10 gb of ram",
            "increasing ram also improves cpu and network",
            "node.js (javascript",
            "python",
            "java",
            "c#",
            "powershell",
            "ruby",
            "custom runtimes",
            "rust",
            "the container image must implement the lambda runtime api",
            "ecs / fargate is preferred for running arbitrary docker images",
            "serverless, function as a service (faas), seamless scaling, and reactive",
            "up to 15 minutes",
            "many programming languages, except (arbitrary) docker",
        ],
    ),
    (
        "serverless/lambda-use-cases.html",
        &[
            "a new image is uploaded to amazon s3",
            "triggers a lambda function",
            "creates a thumbnail",
            "new thumbnail to s3",
            "metadata to dynamodb",
            "image name, image size, creation date",
            "cloudwatch events",
            "eventbridge",
            "every 1 hour",
            "performs a task",
        ],
    ),
    (
        "serverless/lambda-pricing.html",
        &[
            "https://aws.amazon.com/lambda/pricing/",
            "first 1,000,000 requests per month are free",
            "$0.20 per 1 million requests",
            "$0.0000002 per request",
            "in increments of 1 ms",
            "400,000 gb-seconds of compute time per month are free",
            "400,000 seconds if the function has 1 gb",
            "3,200,000 seconds if the function has 128 mb",
            "very cheap",
            "very popular",
        ],
    ),
    (
        "serverless/api-gateway.html",
        &[
            "a client makes a rest call",
            "proxies the request",
            "crud",
            "dynamodb",
            "create, publish, maintain, monitor and secure apis at any scale",
            "serverless and scalable",
            "restful",
            "websocket",
            "security, user authentication, api throttling, api keys and monitoring",
            "expose lambda functions as an http api",
        ],
    ),
    (
        "batch-and-lightsail/batch.html",
        &[
            "fully managed batch processing at any scale",
            "developers, scientists and engineers",
            "hundreds of thousands (100,000s) of computing batch jobs",
            "a job with a start and an end",
            "as opposed to a continuous one",
            "dynamically launches ec2 instances or spot instances",
            "provisions the right amount of compute / memory",
            "optimal quantity and type of compute resources",
            "cpu-optimized or memory-optimized",
            "you submit or schedule batch jobs; aws batch does the rest",
            "defined as docker images",
            "run on amazon ecs",
            "cost optimizations",
            "focus less on the infrastructure",
            "inserts the processed object",
        ],
    ),
    (
        "batch-and-lightsail/batch-vs-lambda.html",
        &[
            "time limit: max execution time of 15 minutes",
            "limited runtimes",
            "limited temporary disk space",
            "fully serverless",
            "no time limit",
            "any runtime, as long as it's packaged as a docker image",
            "ebs / instance store",
            "can be managed by aws",
        ],
    ),
    (
        "batch-and-lightsail/lightsail.html",
        &[
            "easiest way to launch and manage a virtual private server",
            "virtual servers, storage, databases and networking",
            "low and predictable price",
            "ec2, rds, elb, ebs, route 53",
            "great for people with little cloud experience",
            "notifications and monitoring",
            "simple web applications",
            "lamp, nginx, mean, node.js",
            "wordpress, magento, plesk, joomla",
            "dev / test environments",
            "high availability, but no auto-scaling",
            "limited aws integrations",
            "a virtual machine",
            "ssd-based storage",
            "data transfer",
            "dns management",
            "a static ip address",
        ],
    ),
    (
        "summary.html",
        &[
            "container technology to run applications",
            "run docker containers on ec2 instances",
            "run docker containers without provisioning the infrastructure",
            "serverless offering (no ec2 instances)",
            "private docker images repository",
            "run batch jobs on aws across managed ec2 instances",
            "predictable and low pricing for simple application and database stacks",
            "serverless, function as a service, seamless scaling, reactive",
            "by the time run × the ram provisioned",
            "by the number of invocations",
            "except (arbitrary) docker",
            "up to 15 minutes",
            "create thumbnails for images uploaded onto s3",
            "run a serverless cron job",
            "expose lambda functions as an http api",
        ],
    ),
];

#[test]
fn every_fact_of_the_sources_that_still_holds_is_taught() {
    let site = course();
    let mut missing = Vec::new();
    for (url, phrases) in SOURCE_FACTS {
        let text = content_text(&site.page(url));
        missing.extend(
            phrases
                .iter()
                .filter(|p| !text.contains(*p))
                .map(|p| format!("{url}: {p:?}")),
        );
    }
    assert!(
        missing.is_empty(),
        "facts no longer taught:\n{}",
        missing.join("\n")
    );
}

/// Facts the sources got wrong or that have dated, by page: what the page must say now, and
/// what it may say only inside a `[!WARNING]` callout, as a known mistake.
const CORRECTIONS: &[(&str, &[&str], &[&str])] = &[
    (
        "serverless/lambda-pricing.html",
        &[
            "$0.0000166667 for every gb-second",
            "$0.0000133334 for every gb-second",
            "arm",
            "prices vary by region",
            "the free tier is per aws account",
            "≈ $10.00",
            "$1.00 buys about 60,000 gb-seconds",
        ],
        &["$1.00 for 600,000 gb-seconds"],
    ),
    (
        "serverless/lambda.html",
        &[
            "the default timeout is 3 seconds",
            "from 128 mb",
            "512 mb by default, configurable up to 10,240 mb",
            "a container image can be up to 10 gb",
            "nodejs24.x",
            "python3.14",
            "java25",
            "dotnet10",
            "go and rust run here",
            "provided.al2023",
            "go1.x, is deprecated",
            "cold start",
            "provisioned concurrency",
            "1,000 by default",
            "1,000 execution environments every 10 seconds",
            "reserved concurrency",
        ],
        &["java 8 compatible", "(.net core)", "go (golang)"],
    ),
    (
        "containers/docker.html",
        &[
            "shares the kernel of the host",
            "docker desktop runs a small linux virtual machine",
            "docker hub also has private repositories",
            "ecr public",
        ],
        &["the container can be run on any os"],
    ),
    (
        "containers/ecr.html",
        &["private by default", "ecr public", "public gallery"],
        &[],
    ),
    (
        "containers/ecs.html",
        &[
            "external launch type (ecs anywhere)",
            "capacity providers",
            "fargate spot",
            "the alb is one kind of elb load balancer",
        ],
        &["integrates with the application load balancer, iam, vpc, elb"],
    ),
    (
        "containers/fargate.html",
        &["rounded up to the nearest second", "fargate spot"],
        &[],
    ),
    (
        "batch-and-lightsail/batch.html",
        &[
            "fargate or fargate spot",
            "amazon eks",
            "a rule matches it and submits an aws batch job",
        ],
        &[],
    ),
    (
        "batch-and-lightsail/batch-vs-lambda.html",
        &["fargate or fargate spot, or eks", "512 mb to 10,240 mb"],
        &[],
    ),
    (
        "serverless/api-gateway.html",
        &[
            "caching (rest apis only)",
            "at most 29 seconds",
            "at most 30 seconds",
            "lambda function can run for 15 minutes",
        ],
        &[],
    ),
    (
        "serverless/lambda-vs-ecs-containers.html",
        &[
            "none: a task runs until it exits or you stop it",
            "up to 10 gb",
        ],
        &[],
    ),
];

#[test]
fn wrong_or_dated_facts_are_corrected_and_kept_only_as_known_mistakes() {
    let site = course();
    let mut problems = Vec::new();
    for (url, corrections, mistakes) in CORRECTIONS {
        let page = site.page(url);
        let text = content_text(&page);
        let warnings = normalized(&page.texts(".content aside.callout-warning").join(" "));
        for phrase in *corrections {
            if !text.contains(phrase) {
                problems.push(format!("{url}: no {phrase:?}"));
            }
        }
        for phrase in *mistakes {
            if text.matches(phrase).count() != warnings.matches(phrase).count() {
                problems.push(format!("{url}: {phrase:?} outside a [!WARNING] callout"));
            }
        }
    }
    // The wrong duration price is a known mistake on the pricing page, and nowhere else.
    for (rel, _) in notes() {
        let url = rel.replace(".md", ".html");
        if url != "serverless/lambda-pricing.html"
            && content_text(&site.page(&url)).contains("600,000 gb-seconds")
        {
            problems.push(format!("{url}: repeats the wrong duration price"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Words of a note about where it came from rather than about AWS, which a student cannot use.
const ABOUT_THE_SOURCES: &[&str] = &[
    "course notes",
    "source notes",
    "two versions",
    "other version",
    "the seeds",
];

#[test]
fn no_note_talks_about_its_sources_instead_of_to_the_student() {
    for (rel, text) in notes() {
        let text = normalized(&text);
        for words in ABOUT_THE_SOURCES {
            assert!(!text.contains(words), "{rel} says {words:?}");
        }
    }
}

#[test]
fn the_chooser_compares_the_six_compute_services() {
    let page = course().page("choosing-compute.html");
    assert_eq!(
        page.texts("figure.comparison table.compare thead th"),
        [
            "Aspect",
            "Amazon EC2",
            "AWS Lambda",
            "AWS Fargate",
            "ECS on EC2",
            "AWS Batch",
            "Amazon Lightsail"
        ]
    );
    assert!(page.select("figure.comparison tbody tr").len() >= 5);
}

#[test]
fn key_facts_bold_one_to_three_parts_never_the_whole_bullet() {
    let site = course();
    let strong = scraper::Selector::parse("strong").unwrap();
    let mut problems = Vec::new();
    for (rel, _) in notes() {
        let url = rel.replace(".md", ".html");
        let page = site.page(&url);
        for li in page.select(".content aside.callout-key li") {
            let fact = crate::common::text(&li);
            let bold: Vec<String> = li
                .select(&strong)
                .map(|s| crate::common::text(&s))
                .collect();
            if !(1..=3).contains(&bold.len()) || bold.contains(&fact) {
                problems.push(format!("{url}: {fact:?} has bold {bold:?}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_concept_note_lists_the_pages_its_figures_come_from() {
    let site = course();
    for (rel, _) in notes() {
        if rel.ends_with("index.md") || rel == "summary.md" {
            continue;
        }
        let page = site.page(&rel.replace(".md", ".html"));
        let links = page.attrs(".content h2#sources + ul a.external", "href");
        assert!(!links.is_empty(), "{rel} has no Sources list");
        assert!(
            links.iter().all(|l| l.starts_with("https://")),
            "{rel}: {links:?}"
        );
    }
}

/// The fenced code blocks of a note, as (language, text), found the way the build finds them.
fn code_blocks(markdown: &str) -> Vec<(String, String)> {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
    let mut blocks = Vec::new();
    let mut open: Option<(String, String)> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) => {
                open = Some((lang.to_string(), String::new()));
            }
            Event::Text(text) => {
                if let Some((_, body)) = open.as_mut() {
                    body.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(open.take()),
            _ => {}
        }
    }
    blocks
}

#[test]
fn the_examples_parse_and_say_what_they_were_checked_against() {
    let mut languages = std::collections::BTreeMap::<String, usize>::new();
    for (rel, text) in notes() {
        let blocks = code_blocks(&text);
        let mut examples = 0;
        for (lang, body) in &blocks {
            match lang.as_str() {
                "pikchr" | "compare" => continue,
                "json" => {
                    if let Err(e) = serde_json::from_str::<serde_json::Value>(body) {
                        panic!("{rel}: a JSON example does not parse: {e}\n{body}");
                    }
                }
                "yaml" => {
                    if let Err(e) = serde_yaml::from_str::<serde_yaml::Value>(body) {
                        panic!("{rel}: a YAML example does not parse: {e}\n{body}");
                    }
                }
                _ => {}
            }
            examples += 1;
            *languages.entry(lang.clone()).or_default() += 1;
        }
        if examples > 0 {
            assert!(
                text.contains("*Checked against:*"),
                "{rel} has {examples} code examples and does not say what they were checked against"
            );
        }
    }
    // The hands-on part of the course: a Dockerfile, handlers in Python and Node.js, an ECS
    // task definition and a Batch job definition (JSON), SAM templates (YAML), CLI commands.
    for (lang, least) in [
        ("dockerfile", 2),
        ("python", 3),
        ("javascript", 1),
        ("json", 3),
        ("yaml", 2),
        ("sh", 5),
    ] {
        let found = languages.get(lang).copied().unwrap_or(0);
        assert!(
            found >= least,
            "{found} {lang} examples, expected {least}: {languages:?}"
        );
    }
}

/// A question card of the study features (issue 17): `> [!question] Question?` (also `faq`,
/// `help`, folded with `-` or `+`), its answer on the lines after.
fn question_title(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("> [!")?;
    let (kind, rest) = rest.split_once(']')?;
    if !["question", "faq", "help"].contains(&kind.to_lowercase().as_str()) {
        return None;
    }
    Some(rest.trim_start_matches(['-', '+']).trim())
}

/// The course's cards counted from its sources as the study features draw them: question
/// callouts, key-fact bullets with a bold (cloze) part, and glossary entries.
#[test]
fn the_course_supplies_at_least_100_cards() {
    let (mut questions, mut cloze) = (0, 0);
    let mut problems = Vec::new();
    for (rel, text) in notes() {
        let lines: Vec<&str> = text.lines().collect();
        let mut in_key_facts = false;
        let mut note_questions = 0;
        for (i, line) in lines.iter().enumerate() {
            if !line.starts_with('>') {
                in_key_facts = false;
            }
            if *line == "> [!KEY]" {
                in_key_facts = true;
            } else if in_key_facts && line.starts_with("> - ") && line.contains("**") {
                cloze += 1;
            }
            if let Some(title) = question_title(line) {
                let answer = lines.get(i + 1).and_then(|l| l.strip_prefix("> "));
                if title.is_empty() || answer.is_none_or(|a| a.trim().is_empty()) {
                    problems.push(format!(
                        "{rel}:{}: a question without {}",
                        i + 1,
                        if title.is_empty() {
                            "its question"
                        } else {
                            "an answer"
                        }
                    ));
                }
                note_questions += 1;
            }
        }
        // Questions are callouts now, not answers hidden in raw HTML.
        if text.contains("<details><summary>Answer") {
            problems.push(format!("{rel}: a question still in <details>"));
        }
        let concept = !(rel.ends_with("index.md") || rel == "summary.md");
        if concept && note_questions == 0 {
            problems.push(format!("{rel} has no question callout"));
        }
        questions += note_questions;
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let glossary =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("notes/glossary.yaml"))
            .unwrap();
    let entries = serde_yaml::from_str::<serde_yaml::Mapping>(&glossary)
        .unwrap()
        .len();
    let total = questions + cloze + entries;
    assert!(
        total >= 100,
        "{total} cards: {questions} questions, {cloze} key facts with a bold part, {entries} glossary entries"
    );
    // Each kind pulls its weight: none of them alone makes the hundred.
    assert!(
        questions >= 60 && cloze >= 100 && entries >= 100,
        "{questions} {cloze} {entries}"
    );
}

/// The terms the course uses without defining them in place (issue 20's list).
const GLOSSARY_TERMS: &[&str] = &[
    "Spot Instance",
    "Amazon EBS",
    "Instance store",
    "Elastic Load Balancing",
    "Application Load Balancer",
    "IAM role",
    "VPC",
    "vCPU",
    "REST",
    "FaaS",
    "Container orchestration",
    "GB-second",
    "Cold start",
    "Container image",
    "Registry",
    "ECS task",
    "ECS service",
    "Pod",
];

#[test]
fn the_glossary_defines_the_terms_and_every_entry_is_used_by_a_note() {
    let site = course();
    let page = site.page("glossary.html");
    let ids = page.attrs(".glossary-entry", "id");
    let terms: Vec<String> = page
        .select(".glossary dt")
        .iter()
        .map(|dt| {
            let full = crate::common::text(dt);
            full.split(" (").next().unwrap().to_string()
        })
        .collect();
    for term in GLOSSARY_TERMS {
        assert!(terms.iter().any(|t| t == term), "no {term} in {terms:?}");
    }
    let mut sorted = terms.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(terms, sorted, "the glossary is sorted");
    // Every entry is linked from the first note that mentions it, so none is dead weight and
    // each one's name is really the word the notes use.
    let mut linked = BTreeSet::new();
    for (rel, _) in notes() {
        for href in site
            .page(&rel.replace(".md", ".html"))
            .attrs(".content a.glossary-term", "href")
        {
            linked.insert(href.rsplit_once('#').unwrap().1.to_string());
        }
    }
    let unused: Vec<&String> = ids.iter().filter(|id| !linked.contains(*id)).collect();
    assert!(unused.is_empty(), "entries no note mentions: {unused:?}");
}
