//! The transcript table (`cases.txt`) run in the simulator: each script through `sh -c`,
//! compared byte for byte with the expected terminal output and exit status.

use super::run_script;

/// One case of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// Its name.
    pub name: String,
    /// The `sh -c` script.
    pub script: String,
    /// What the terminal shows.
    pub out: String,
    /// The exit status.
    pub code: i32,
    /// Whether the real busybox is expected to agree.
    pub compare: bool,
}

/// Parses `cases.txt` (format described at its top).
pub fn load() -> Vec<Case> {
    let text = include_str!("cases.txt");
    let mut cases = Vec::new();
    let mut lines = text.lines().skip_while(|l| !l.starts_with("### ")).peekable();
    while let Some(header) = lines.next() {
        let Some(title) = header.strip_prefix("### ") else { continue };
        let (name, compare) = match title.strip_suffix(" [sim]") {
            Some(n) => (n.to_string(), false),
            None => (title.to_string(), true),
        };
        let mut script = Vec::new();
        let mut code = 0;
        for l in lines.by_ref() {
            if let Some(c) = l.strip_prefix("--- ") {
                code = c.parse().expect("status line");
                break;
            }
            script.push(l);
        }
        let mut out = String::new();
        while let Some(l) = lines.next_if(|l| !l.starts_with("### ")) {
            out.push_str(l);
            out.push('\n');
        }
        cases.push(Case { name, script: script.join("\n"), out, code, compare });
    }
    cases
}

#[test]
fn the_table_parses_and_names_are_unique() {
    let cases = load();
    assert!(cases.len() > 200, "{} cases", cases.len());
    let mut names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), cases.len());
    let redirect = cases.iter().find(|c| c.name == "syntax_redirect_newline").expect("present");
    assert_eq!(redirect.script, "echo >\n");
}

#[test]
fn every_case_gives_the_expected_output_and_status() {
    let mut failures = Vec::new();
    for case in load() {
        let (out, code) = run_script(&case.script);
        if out != case.out || code != case.code {
            failures.push(format!("--- {} ---\nscript:\n{}\nexpected ({}):\n{}got ({}):\n{}", case.name, case.script, case.code, case.out, code, out));
        }
    }
    assert!(failures.is_empty(), "{} failing cases:\n{}", failures.len(), failures.join("\n"));
}
