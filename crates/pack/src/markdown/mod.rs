//! A module's markdown: `##` headings start steps, fenced blocks named by their info string
//! carry runnable and hidden parts. Everything else is prose.
//!
//! The scanner is line-based on purpose: it needs only headings and fences (CommonMark's
//! rules for both: up to three spaces of indent, ```` ``` ```` or `~~~`, a closing fence at
//! least as long), and it knows every line number without a source map.

use crate::error::{Location, ParseError};
use crate::matcher;
use crate::model::{Answer, Expect, Failcheck, Hint, Script, Segment, Step};

/// Fence kinds that make up a step.
pub const STEP_FENCES: &[&str] = &["run", "setup", "solution", "verify", "expect", "hint", "hintcheck", "failcheck", "answer"];

/// Languages of blocks that are only shown (output, files, snippets).
pub const DISPLAY_FENCES: &[&str] = &["", "text", "console", "output", "sh", "shell", "bash", "dockerfile", "yaml", "json", "toml", "ini", "diff", "c", "go", "python", "javascript", "js", "rust", "html", "css", "sql", "markdown", "md"];

/// The separator between a script and its message in `hintcheck` and `failcheck` blocks.
const SEPARATOR: &str = "---";

/// A parsed module file: its introduction and steps.
#[derive(Debug, Default)]
pub struct ModuleText {
    /// Prose and display blocks before the first step.
    pub intro: Vec<Segment>,
    /// Steps in order.
    pub steps: Vec<Step>,
}

/// An open fence.
struct Fence {
    ch: char,
    len: usize,
    indent: usize,
    kind: String,
    line: usize,
    body: String,
}

/// Scanner state.
struct Scanner<'a> {
    file: &'a str,
    intro: Vec<Segment>,
    steps: Vec<Step>,
    prose: String,
    errors: Vec<ParseError>,
}

/// An opening fence: (char, length, indent, info string).
fn opening(line: &str) -> Option<(char, usize, usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let ch = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = rest.len() - rest.trim_start_matches(ch).len();
    if len < 3 {
        return None;
    }
    let info = rest[len..].trim();
    if ch == '`' && info.contains('`') {
        return None;
    }
    Some((ch, len, indent, info))
}

fn closes(line: &str, f: &Fence) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = line.trim();
    indent <= 3 && rest.len() >= f.len && rest.chars().all(|c| c == f.ch)
}

/// The closest known name to a typo, within two edits.
fn suggest(word: &str) -> Option<&'static str> {
    fn distance(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut prev = row[0];
            row[0] = i + 1;
            for (j, cb) in b.iter().enumerate() {
                let cur = row[j + 1];
                row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
                prev = cur;
            }
        }
        row[b.len()]
    }
    STEP_FENCES.iter().map(|k| (distance(word, k), *k)).filter(|(d, _)| *d <= 2).min().map(|(_, k)| k)
}

/// `Title {#id .challenge needs=a,b}` → title and attributes.
fn split_heading(text: &str) -> (&str, Option<&str>) {
    let t = text.trim();
    if let (true, Some(open)) = (t.ends_with('}'), t.rfind('{')) {
        return (t[..open].trim(), Some(&t[open + 1..t.len() - 1]));
    }
    (t, None)
}

/// A lower-case slug of a title: `Make a root filesystem` → `make-a-root-filesystem`.
pub fn slug(title: &str) -> String {
    let mut s = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    s.trim_end_matches('-').to_string()
}

fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

impl Scanner<'_> {
    fn err(&mut self, line: usize, message: impl Into<String>) {
        self.errors.push(ParseError::new(self.file, line, message));
    }

    fn at(&self, line: usize) -> Location {
        Location::new(self.file, line)
    }

    fn flush_prose(&mut self) {
        let text = std::mem::take(&mut self.prose);
        if text.trim().is_empty() {
            return;
        }
        let seg = Segment::Markdown(text.trim_matches('\n').to_string() + "\n");
        match self.steps.last_mut() {
            Some(step) => step.body.push(seg),
            None => self.intro.push(seg),
        }
    }

    fn heading(&mut self, line: usize, text: &str) {
        self.flush_prose();
        let (title, attrs) = split_heading(text);
        let mut step = Step {
            id: slug(title),
            title: title.to_string(),
            at: self.at(line),
            challenge: false,
            needs: self.steps.last().map(|s| vec![s.id.clone()]).unwrap_or_default(),
            body: Vec::new(),
            setup: Vec::new(),
            solution: None,
            verify: Vec::new(),
            expect: Vec::new(),
            hints: Vec::new(),
            failchecks: Vec::new(),
            answer: None,
        };
        for attr in attrs.unwrap_or("").split_whitespace() {
            if let Some(id) = attr.strip_prefix('#') {
                step.id = id.to_string();
            } else if attr == ".challenge" {
                step.challenge = true;
            } else if let Some(list) = attr.strip_prefix("needs=") {
                step.needs = list.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect();
            } else {
                self.err(line, format!("unknown step attribute `{attr}` (expected #ID, .challenge or needs=ID,...)"));
            }
        }
        if title.is_empty() {
            self.err(line, "a step needs a title");
        }
        if !valid_id(&step.id) {
            self.err(line, format!("step ID `{}` must be lower-case letters, digits and dashes", step.id));
        }
        self.steps.push(step);
    }

    fn fence(&mut self, f: Fence) {
        let Fence { kind, line, body, .. } = f;
        let script = Script { code: body.clone(), at: self.at(line) };
        if DISPLAY_FENCES.contains(&kind.as_str()) {
            self.flush_prose();
            let seg = Segment::Code { lang: kind, code: body };
            match self.steps.last_mut() {
                Some(step) => step.body.push(seg),
                None => self.intro.push(seg),
            }
            return;
        }
        if !STEP_FENCES.contains(&kind.as_str()) {
            let hint = suggest(&kind).map(|k| format!(", did you mean `{k}`?")).unwrap_or_default();
            self.err(line, format!("unknown fence `{kind}`{hint} (known: {}; or a display language such as text, sh, dockerfile)", STEP_FENCES.join(", ")));
            return;
        }
        if self.steps.is_empty() {
            if kind == "run" {
                self.intro.push(Segment::Run(body));
            } else {
                self.err(line, format!("`{kind}` block before the first step (a `## ` heading starts a step)"));
            }
            return;
        }
        if body.trim().is_empty() {
            self.err(line, format!("empty `{kind}` block"));
            return;
        }
        let parsed = self.step_part(&kind, line, script);
        if kind == "run" {
            self.flush_prose();
        }
        if let Err(message) = parsed {
            self.err(line, message);
        }
    }

    /// Files a fenced block into the current step.
    fn step_part(&mut self, kind: &str, line: usize, script: Script) -> Result<(), String> {
        let at = self.at(line);
        let mut expects = Vec::new();
        if kind == "expect" {
            for (i, l) in script.code.lines().enumerate() {
                let l = l.trim();
                if l.is_empty() || l.starts_with('#') {
                    continue;
                }
                match matcher::parse(l) {
                    Ok(m) => expects.push(Expect { matcher: m, at: self.at(line + 1 + i) }),
                    Err(e) => self.err(line + 1 + i, e),
                }
            }
        }
        let step = self.steps.last_mut().expect("a step is open");
        match kind {
            "run" => step.body.push(Segment::Run(script.code)),
            "setup" => step.setup.push(script),
            "verify" => step.verify.push(script),
            "expect" => step.expect.extend(expects),
            "solution" if step.solution.is_some() => return Err("a second `solution` block (a step has one)".into()),
            "solution" => step.solution = Some(script),
            "hint" => step.hints.push(Hint { text: script.code, when: None }),
            "hintcheck" => {
                let (check, text) = split_message(&script, "hintcheck")?;
                step.hints.push(Hint { text, when: Some(check) });
            }
            "failcheck" => {
                let (check, message) = split_message(&script, "failcheck")?;
                step.failchecks.push(Failcheck { script: check, message });
            }
            "answer" => {
                if step.answer.is_some() {
                    return Err("a second `answer` block (a step asks one question)".into());
                }
                step.answer = Some(parse_answer(&script.code, at)?);
            }
            _ => unreachable!("kinds are checked by the caller"),
        }
        Ok(())
    }
}

/// `SCRIPT\n---\nMESSAGE` → both halves, each required.
fn split_message(script: &Script, kind: &str) -> Result<(Script, String), String> {
    let mut check = String::new();
    let mut message = String::new();
    let mut seen = false;
    for l in script.code.lines() {
        if !seen && l.trim() == SEPARATOR {
            seen = true;
        } else if seen {
            message.push_str(l);
            message.push('\n');
        } else {
            check.push_str(l);
            check.push('\n');
        }
    }
    if !seen || check.trim().is_empty() || message.trim().is_empty() {
        return Err(format!("a `{kind}` block is a script, a line `---`, then the text to show"));
    }
    Ok((Script { code: check, at: script.at.clone() }, message.trim().to_string() + "\n"))
}

/// `match: REGEX` and `example: TEXT` lines.
fn parse_answer(body: &str, at: Location) -> Result<Answer, String> {
    let (mut pattern, mut example) = (None, None);
    for l in body.lines().filter(|l| !l.trim().is_empty()) {
        match l.split_once(':') {
            Some(("match", v)) => pattern = Some(v.trim().to_string()),
            Some(("example", v)) => example = Some(v.trim().to_string()),
            _ => return Err(format!("unknown `answer` line `{}` (expected `match: REGEX` and `example: TEXT`)", l.trim())),
        }
    }
    let pattern = pattern.ok_or("an `answer` block needs a `match: REGEX` line")?;
    let example = example.ok_or("an `answer` block needs an `example: TEXT` line (a correct answer the validator tries)")?;
    let re = regex_lite::Regex::new(&pattern).map_err(|e| format!("bad regular expression `{pattern}`: {e}"))?;
    Ok(Answer { pattern: re, example, at })
}

/// Parses a module file. `file` is its name for error messages.
pub fn parse(file: &str, text: &str) -> Result<ModuleText, Vec<ParseError>> {
    let mut s = Scanner { file, intro: Vec::new(), steps: Vec::new(), prose: String::new(), errors: Vec::new() };
    let mut open: Option<Fence> = None;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        if let Some(f) = open.as_mut() {
            if closes(raw, f) {
                let f = open.take().expect("open");
                s.fence(f);
            } else {
                let strip = raw.len() - raw.trim_start_matches(' ').len();
                f.body.push_str(&raw[strip.min(f.indent)..]);
                f.body.push('\n');
            }
            continue;
        }
        if let Some((ch, len, indent, info)) = opening(raw) {
            let kind = info.split_whitespace().next().unwrap_or("").to_string();
            open = Some(Fence { ch, len, indent, kind, line: n, body: String::new() });
            continue;
        }
        if let Some(h) = raw.strip_prefix("## ") {
            s.heading(n, h);
            continue;
        }
        s.prose.push_str(raw);
        s.prose.push('\n');
    }
    if let Some(f) = open {
        s.err(f.line, format!("`{}` fence is never closed", if f.kind.is_empty() { "```" } else { &f.kind }));
    }
    s.flush_prose();
    let Scanner { intro, mut steps, mut errors, .. } = s;
    for step in &mut steps {
        if step.solution.is_none() && step.run_blocks().next().is_some() {
            let code: String = step.run_blocks().collect::<Vec<_>>().join("");
            step.solution = Some(Script { code, at: step.at.clone() });
        }
    }
    errors.extend(check_steps(file, &steps));
    wharf_engine::sort::by_key(&mut errors, |e| e.at.line);
    if errors.is_empty() {
        Ok(ModuleText { intro, steps })
    } else {
        Err(errors)
    }
}

/// Rules across a module's steps.
fn check_steps(file: &str, steps: &[Step]) -> Vec<ParseError> {
    let mut errors = Vec::new();
    let mut earlier: Vec<&str> = Vec::new();
    if steps.is_empty() {
        errors.push(ParseError::new(file, 0, "no steps (a `## ` heading starts a step)"));
    }
    for step in steps {
        let e = |m: String| ParseError::new(file, step.at.line, m);
        if earlier.contains(&step.id.as_str()) {
            errors.push(e(format!("step ID `{}` is used twice", step.id)));
        }
        for need in &step.needs {
            if !earlier.contains(&need.as_str()) {
                errors.push(e(format!("step `{}` needs `{need}`, which is not an earlier step of this module", step.id)));
            }
        }
        if step.challenge {
            if step.run_blocks().next().is_some() {
                errors.push(e(format!("challenge `{}` has a click-to-run block (a challenge's answer stays hidden: use `solution`)", step.id)));
            }
            if !step.is_checked() {
                errors.push(e(format!("challenge `{}` has no `verify`, `expect` or `answer`", step.id)));
            }
        }
        let needs_solution = !step.verify.is_empty() || !step.expect.is_empty();
        if needs_solution && step.solution.is_none() {
            errors.push(e(format!("step `{}` is checked but has no `solution` or click-to-run block to prove it", step.id)));
        }
        earlier.push(&step.id);
    }
    errors
}

#[cfg(test)]
mod tests;
