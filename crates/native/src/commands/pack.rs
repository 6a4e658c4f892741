//! `wharf pack check DIR` replays every step of an exercise pack in a fresh simulated host and
//! prints a line per step; `wharf pack import-killercoda SRC DEST` turns a Killercoda scenario
//! into a pack; `wharf pack coverage DIR` prints which seed-inventory items its passing steps
//! exercise.

use std::path::PathBuf;

use anyhow::{bail, Context};
use wharf_pack::check::{validate_module, Outcome};
use wharf_pack::coverage::{self, Coverage, Kind, StepText};
use wharf_pack::source::DirSource;

/// Flags of `wharf pack check`.
#[derive(clap::Args)]
pub struct CheckArgs {
    /// The pack's directory (holding pack.toml)
    pub dir: PathBuf,
    /// Only the module with this ID
    #[arg(long)]
    pub module: Option<String>,
    /// Seed of the simulator's randomness
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Print the terminal transcript of failing steps
    #[arg(long, short)]
    pub verbose: bool,
}

/// Flags of `wharf pack coverage`.
#[derive(clap::Args)]
pub struct CoverageArgs {
    /// The pack's directory (holding pack.toml)
    pub dir: PathBuf,
    /// Seed of the simulator's randomness
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Also list the covered items, with the step that exercises each
    #[arg(long, short)]
    pub verbose: bool,
}

/// Flags of `wharf pack import-killercoda`.
#[derive(clap::Args)]
pub struct ImportArgs {
    /// The scenario's directory (holding index.json)
    pub src: PathBuf,
    /// The new pack's directory (created; must not hold a pack.toml yet)
    pub dest: PathBuf,
}

/// Loads the pack in `dir`, or prints each parse error (naming its file and line) and gives
/// nothing.
fn load_or_report(dir: &std::path::Path) -> Option<wharf_pack::Pack> {
    match wharf_pack::load(&DirSource(dir.to_path_buf())) {
        Ok(p) => Some(p),
        Err(errors) => {
            for e in &errors.0 {
                eprintln!("{}/{e}", dir.display());
            }
            None
        }
    }
}

/// Runs `wharf pack check`. Exit code 1 when the pack does not parse or a step fails.
pub fn check(args: CheckArgs) -> anyhow::Result<u8> {
    let Some(pack) = load_or_report(&args.dir) else { return Ok(1) };
    println!("{} {} ({})", pack.id, pack.version, pack.title);
    let (mut passed, mut failed, mut other) = (0, 0, 0);
    for module in pack.modules.iter().filter(|m| args.module.as_ref().is_none_or(|id| *id == m.id)) {
        let report = validate_module(module, args.seed);
        if report.planned {
            println!("· {} {} (planned)", report.id, report.title);
            continue;
        }
        for step in &report.steps {
            let name = format!("{}/{} {}", report.id, step.index, step.title);
            match &step.outcome {
                Outcome::Passed => {
                    passed += 1;
                    println!("✓ {name}");
                }
                Outcome::Unchecked => {
                    other += 1;
                    println!("- {name} (no check)");
                }
                Outcome::Pending(why) => {
                    other += 1;
                    println!("? {name}: pending: {why}");
                }
                Outcome::Failed(why) => {
                    failed += 1;
                    println!("✗ {name}: {why}");
                    if args.verbose {
                        for line in step.transcript.lines() {
                            println!("    | {line}");
                        }
                    }
                }
            }
        }
    }
    println!("{passed} passed, {failed} failed, {other} unchecked or pending");
    Ok(u8::from(failed > 0))
}

/// Runs `wharf pack coverage`: validates every written module, then matches the seed
/// inventory's items against the steps that passed. Exit code 1 when the pack does not parse.
pub fn coverage(args: CoverageArgs) -> anyhow::Result<u8> {
    let Some(pack) = load_or_report(&args.dir) else { return Ok(1) };
    let items = coverage::parse_items(coverage::ITEMS).map_err(|e| anyhow::anyhow!("items.tsv: {e}"))?;
    let mut passing = Vec::new();
    for module in pack.written() {
        let report = validate_module(module, args.seed);
        for (step, outcome) in module.steps.iter().zip(&report.steps) {
            if outcome.outcome == Outcome::Passed {
                passing.push(StepText::of(format!("{}/{}", report.id, outcome.index), step));
            }
        }
    }
    let cov = Coverage::measure(items, &passing);
    println!("{} {} ({}): {} passing steps", pack.id, pack.version, pack.title, passing.len());
    for (kind, name, range) in [(Kind::Cli, "docker CLI commands", "C01–C94"), (Kind::Dockerfile, "Dockerfile items", "D01–D89")] {
        let (covered, total) = cov.count(kind);
        println!("{name} ({range}): {covered}/{total} = {:.1} %", cov.percent(kind));
        let missing: Vec<&str> = cov.items.iter().filter(|(i, by)| i.kind == kind && by.is_none()).map(|(i, _)| i.id.as_str()).collect();
        println!("  not exercised: {}", if missing.is_empty() { "none".to_string() } else { missing.join(" ") });
        if args.verbose {
            for (item, by) in cov.items.iter().filter(|(i, _)| i.kind == kind) {
                match by {
                    Some(step) => println!("  ✓ {} {} ({step})", item.id, item.what),
                    None => println!("  · {} {}", item.id, item.what),
                }
            }
        }
    }
    Ok(0)
}

/// Runs `wharf pack import-killercoda`.
pub fn import_killercoda(args: ImportArgs) -> anyhow::Result<u8> {
    if args.dest.join("pack.toml").exists() {
        bail!("{} already holds a pack", args.dest.display());
    }
    let imported = wharf_pack::killercoda::import(&DirSource(args.src.clone())).map_err(|e| anyhow::anyhow!("{}/{e}", args.src.display()))?;
    for (path, text) in &imported.files {
        let target = args.dest.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&target, text).with_context(|| format!("writing {}", target.display()))?;
        println!("wrote {}", target.display());
    }
    for note in &imported.notes {
        eprintln!("note: {note}");
    }
    Ok(0)
}
