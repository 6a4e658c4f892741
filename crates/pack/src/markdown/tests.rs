use super::*;

fn errors(text: &str) -> Vec<String> {
    parse("m.md", text).err().unwrap_or_default().into_iter().map(|e| e.to_string()).collect()
}

#[test]
fn a_step_collects_its_blocks() {
    let text = "# T\n\nIntro.\n\n## Make it {#make}\n\nSay.\n\n```run\nmkdir /x\n```\n\n```verify\ntest -d /x\n```\n\n```hint\nUse mkdir.\n```\n\n```hintcheck\ntest -e /y\n---\nNot y.\n```\n\n```failcheck\ntest -e /z\n---\nNot z.\n```\n\n```expect\nfile /x exists\n```\n";
    let m = parse("m.md", text).unwrap();
    assert_eq!(m.intro, vec![Segment::Markdown("# T\n\nIntro.\n".into())]);
    let s = &m.steps[0];
    assert_eq!((s.id.as_str(), s.title.as_str(), s.at.line), ("make", "Make it", 5));
    assert_eq!(s.solution.as_ref().unwrap().code, "mkdir /x\n", "run blocks are the default solution");
    assert_eq!(s.verify[0].at.line, 13);
    assert_eq!(s.hints.len(), 2);
    assert_eq!(s.hints[1].when.as_ref().unwrap().code, "test -e /y\n");
    assert_eq!(s.failchecks[0].message, "Not z.\n");
    assert_eq!(s.expect[0].at.line, 34);
    assert!(s.is_checked());
}

#[test]
fn needs_default_to_the_previous_step_and_can_be_cleared() {
    let m = parse("m.md", "## One\n\n## Two\n\n## Three {#three needs=}\n\n## Four {needs=one,two}\n").unwrap();
    let needs: Vec<Vec<String>> = m.steps.iter().map(|s| s.needs.clone()).collect();
    assert_eq!(needs, vec![vec![], vec!["one".to_string()], vec![], vec!["one".to_string(), "two".to_string()]]);
}

#[test]
fn an_unknown_fence_is_named_with_a_suggestion() {
    let e = errors("## One\n\n```verfy\ntrue\n```\n");
    assert_eq!(e.len(), 1);
    assert!(e[0].starts_with("m.md:3: unknown fence `verfy`, did you mean `verify`?"), "{}", e[0]);
}

#[test]
fn mistakes_name_file_and_line() {
    assert_eq!(errors("## One\n```verify\ntrue\n```\n"), vec!["m.md:1: step `one` is checked but has no `solution` or click-to-run block to prove it"]);
    assert_eq!(errors("```verify\ntrue\n```\n## One\n"), vec!["m.md:1: `verify` block before the first step (a `## ` heading starts a step)"]);
    assert_eq!(errors("## One\n```run\nls\n"), vec!["m.md:2: `run` fence is never closed"]);
    assert_eq!(errors("## One {needs=two}\n## Two\n"), vec!["m.md:1: step `one` needs `two`, which is not an earlier step of this module"]);
    assert_eq!(errors("## C {.challenge}\n```run\nls\n```\n```verify\ntrue\n```\n"), vec!["m.md:1: challenge `c` has a click-to-run block (a challenge's answer stays hidden: use `solution`)"]);
    assert_eq!(errors("## One\n```expect\nfile /x exits\n```\n```run\nls\n```\n"), vec!["m.md:3: malformed `file` matcher `file /x exits`"]);
    assert_eq!(errors("## One\n```failcheck\ntrue\n```\n"), vec!["m.md:2: a `failcheck` block is a script, a line `---`, then the text to show"]);
    assert_eq!(errors("## One {#x}\n## Two {#x needs=}\n"), vec!["m.md:2: step ID `x` is used twice"]);
    assert_eq!(errors("## One {.bonus}\n"), vec!["m.md:1: unknown step attribute `.bonus` (expected #ID, .challenge or needs=ID,...)"]);
}

#[test]
fn an_answer_needs_a_pattern_and_an_example() {
    let m = parse("m.md", "## Q\n```answer\nmatch: ^(?i)wharf$\nexample: wharf\n```\n").unwrap();
    let a = m.steps[0].answer.as_ref().unwrap();
    assert!(a.accepts(" WHARF\n") && !a.accepts("docker"));
    assert_eq!(errors("## Q\n```answer\nmatch: (\nexample: x\n```\n").len(), 1);
    assert_eq!(errors("## Q\n```answer\nmatch: x\n```\n"), vec!["m.md:2: an `answer` block needs an `example: TEXT` line (a correct answer the validator tries)"]);
}

#[test]
fn display_blocks_and_longer_fences_stay_prose() {
    let m = parse("m.md", "## One\n````text\n```verify\nnot a block\n```\n````\n```dockerfile\nFROM x\n```\n").unwrap();
    assert_eq!(m.steps[0].body, vec![Segment::Code { lang: "text".into(), code: "```verify\nnot a block\n```\n".into() }, Segment::Code { lang: "dockerfile".into(), code: "FROM x\n".into() }]);
    assert!(!m.steps[0].is_checked());
}
