//! Parser behaviour beyond the fixtures: spans, warnings, heredoc bodies, instruction rules,
//! and no panics on any input.

use proptest::prelude::*;

use super::*;
use crate::build::ast::Heredoc;

fn dump(src: &str) -> String {
    parse(src)
        .unwrap_or_else(|e| panic!("{src:?}: {e}"))
        .ast
        .dump()
}

fn error(src: &str) -> String {
    parse_and_validate(src)
        .map(|p| p.ast.dump())
        .unwrap_err()
        .to_string()
}

#[test]
fn spans_cover_continuations_and_heredocs() {
    let parsed = parse("FROM a\n\nRUN x \\\n  y\nCOPY <<EOF /f\nbody\nEOF\nUSER u").unwrap();
    let spans: Vec<Span> = parsed.ast.nodes.iter().map(|n| n.span).collect();
    assert_eq!(
        spans,
        [
            Span::new(1, 1),
            Span::new(3, 4),
            Span::new(5, 7),
            Span::new(8, 8)
        ]
    );
    assert_eq!(parsed.ast.nodes[1].original, "RUN x   y");
}

#[test]
fn errors_carry_the_line() {
    assert_eq!(
        error("FROM a\n# c\nRUNN x\n"),
        "dockerfile parse error on line 3: unknown instruction: RUNN (did you mean RUN?)"
    );
    assert_eq!(
        error("FROM a\nfrobnicate\n"),
        "dockerfile parse error on line 2: unknown instruction: frobnicate"
    );
    assert_eq!(
        error("FROM a\nENV \\\n  PATH\n"),
        "dockerfile parse error on line 2: ENV must have two arguments"
    );
    assert_eq!(
        error(""),
        "dockerfile parse error on line 0: file with no instructions"
    );
    assert_eq!(
        error("# only\n\n"),
        "dockerfile parse error on line 2: file with no instructions"
    );
    assert_eq!(
        error("# escape=`\n# escape=`\nFROM a"),
        "dockerfile parse error on line 2: only one escape parser directive can be used"
    );
    assert_eq!(
        error("FROM a\nRUN <<EOF\nno end\n"),
        "dockerfile parse error on line 2: unterminated heredoc"
    );
    assert_eq!(
        error("FROM a\nCMD [\"a\", 1]"),
        "dockerfile parse error on line 2: when using JSON array syntax, arrays must be comprised of strings only"
    );
}

#[test]
fn instruction_rules() {
    for (src, message) in [
        ("FROM", "FROM requires either one or three arguments"),
        ("FROM a b", "FROM requires either one or three arguments"),
        ("FROM a AS 1x", "invalid name for build stage: \"1x\", name can't start with a number or contain symbols"),
        ("FROM --plaform=linux/amd64 a", "unknown flag: --plaform (did you mean platform?)"),
        ("FROM a\nENV =x", "ENV names can not be blank"),
        ("FROM a\nENV", "ENV requires at least one argument"),
        ("FROM a\nLABEL", "LABEL requires at least one argument"),
        ("FROM a\nARG =x", "ARG names can not be blank"),
        ("FROM a\nCOPY x", "COPY requires at least two arguments, but only one was provided. Destination could not be determined"),
        ("FROM a\nADD --checksum x y", "missing a value on flag: --checksum"),
        ("FROM a\nCOPY x <<EOF\nEOF", "COPY cannot accept a heredoc as a destination"),
        ("FROM a\nCOPY --user=me x y", "unknown flag: --user"),
        ("FROM a\nUSER", "USER requires exactly one argument"),
        ("FROM a\nWORKDIR", "WORKDIR requires exactly one argument"),
        ("FROM a\nMAINTAINER", "MAINTAINER requires exactly one argument"),
        ("FROM a\nSTOPSIGNAL", "STOPSIGNAL requires exactly one argument"),
        ("FROM a\nEXPOSE", "EXPOSE requires at least one argument"),
        ("FROM a\nVOLUME", "VOLUME requires at least one argument"),
        ("FROM a\nVOLUME [\"\"]", "VOLUME specified can not be an empty string"),
        ("FROM a\nSHELL sh -c", "SHELL requires the arguments to be in JSON form"),
        ("FROM a\nSHELL []", "SHELL requires at least one argument"),
        ("FROM a\nONBUILD", "ONBUILD requires at least one argument"),
        ("FROM a\nONBUILD ONBUILD RUN x", "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"),
        ("FROM a\nONBUILD from b", "FROM isn't allowed as an ONBUILD trigger"),
        ("FROM a\nHEALTHCHECK", "HEALTHCHECK requires at least one argument"),
        ("FROM a\nHEALTHCHECK CMD", "Missing command after HEALTHCHECK CMD"),
        ("FROM a\nHEALTHCHECK NONE x", "HEALTHCHECK NONE takes no arguments"),
        ("FROM a\nHEALTHCHECK CONNECT TCP 7000", "Unknown type \"CONNECT\" in HEALTHCHECK (try CMD)"),
        ("FROM a\nHEALTHCHECK --interval=5 CMD x", "time: missing unit in duration \"5\""),
        ("FROM a\nHEALTHCHECK --timeout=1us CMD x", "Interval \"timeout\" cannot be less than 1ms"),
        ("FROM a\nHEALTHCHECK --retries=-1 CMD x", "--retries cannot be negative (-1)"),
        ("FROM a\nHEALTHCHECK --retries=x CMD x", "strconv.ParseInt: parsing \"x\": invalid syntax"),
        ("FROM a\nRUN --network=bridge x", "invalid network mode \"bridge\""),
        ("FROM a\nRUN --security=open x", "security \"open\" is not valid"),
        ("FROM a\nRUN --mount=type=cahce,target=/x x", "unsupported mount type \"cahce\" (did you mean cache?)"),
        ("# check=skip=x;bogus=1\nFROM a", "invalid check option \"bogus\""),
    ] {
        let got = error(src);
        let text = got.split_once(": ").map_or("", |(_, m)| m);
        assert_eq!(text, message, "{src:?}");
    }
}

#[test]
fn accepts_what_docker_accepts() {
    for src in [
        "FROM a AS b\nCOPY --from=b --chown=1:1 --chmod=644 --link --parents --exclude=*.md . /x",
        "FROM a\nADD --checksum=sha256:abc --keep-git-dir --unpack=false http://x/y /z",
        "FROM a\nRUN --mount=type=cache,target=/c --mount=type=secret,id=s --network=none --security=sandbox x",
        "FROM --platform=$BUILDPLATFORM a\nHEALTHCHECK --interval=5s --timeout=3s --retries=3 --start-period=0s CMD x",
        "FROM a\nHEALTHCHECK NONE\nSTOPSIGNAL SIGTERM\nSHELL [\"sh\", \"-c\"]\nONBUILD RUN x",
        "ARG V=1\nFROM a:$V\nARG X Y=2\nEXPOSE 80/tcp 443\nVOLUME /a /b\nUSER u:g\nWORKDIR /w\nENV A=1 B=2\nENV C 3 4",
    ] {
        if let Err(e) = parse_and_validate(src) {
            panic!("{src:?}: {e}");
        }
    }
}

#[test]
fn heredoc_bodies() {
    let parsed = parse(
        "FROM a\nRUN <<-EOT bash\n\techo $X\n\tEOT\nCOPY <<A <<'B' /dst/\none\nA\ntwo $Y\nB\nRUN [\"<<EOF\"]\n",
    )
    .unwrap();
    let docs: Vec<&Heredoc> = parsed.ast.nodes.iter().flat_map(|n| &n.heredocs).collect();
    assert_eq!(docs.len(), 3);
    assert_eq!(
        (
            docs[0].name.as_str(),
            docs[0].content.as_str(),
            docs[0].chomp
        ),
        ("EOT", "\techo $X\n", true)
    );
    assert_eq!(docs[0].body(), "echo $X\n");
    assert_eq!(
        (
            docs[1].name.as_str(),
            docs[1].content.as_str(),
            docs[1].expand
        ),
        ("A", "one\n", true)
    );
    assert_eq!(
        (
            docs[2].name.as_str(),
            docs[2].content.as_str(),
            docs[2].expand
        ),
        ("B", "two $Y\n", false)
    );
    assert!(parsed.ast.nodes[3].heredocs.is_empty());
}

#[test]
fn onbuild_heredocs_and_nesting() {
    let parsed = parse("FROM a\nONBUILD RUN <<EOF\nx\nEOF\n").unwrap();
    let node = &parsed.ast.nodes[1];
    assert_eq!(node.heredocs.len(), 1);
    assert_eq!(
        parsed.ast.dump(),
        "(from \"a\")\n(onbuild (run \"<<EOF\"))\n"
    );
    let deep = format!("FROM a\n{}RUN x\n", "ONBUILD ".repeat(100));
    assert!(parse(&deep).is_err());
}

#[test]
fn warnings_are_kept_apart() {
    let parsed = parse("FROM a\nMAINTAINER me\nRUN a \\\n\n  b\n").unwrap();
    let shown: Vec<String> = parsed.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        shown,
        [
            "MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label (line 2)",
            "NoEmptyContinuation: Empty continuation line (line 5)",
        ]
    );
    let skipped = parse("# check=skip=MaintainerDeprecated\nFROM a\nMAINTAINER me\n").unwrap();
    assert!(skipped.warnings.is_empty());
    assert_eq!(
        skipped.ast.directives.check.as_deref(),
        Some("skip=MaintainerDeprecated")
    );
}

#[test]
fn line_endings_bom_and_comments() {
    assert_eq!(
        dump("\u{feff}FROM a\r\nRUN x \\\r\n y\r\n"),
        "(from \"a\")\n(run \"x  y\")\n"
    );
    assert_eq!(
        dump("\u{feff}# escape=`\nFROM a\nRUN x `\n y\n"),
        "(from \"a\")\n(run \"x  y\")\n"
    );
    let parsed =
        parse("# syntax=docker/dockerfile:1\n\n# the base\n# ARG V the version\nARG V\nFROM a")
            .unwrap();
    // As in BuildKit, only an empty `#` line resets the comments, not a blank line.
    assert_eq!(
        parsed.ast.nodes[0].comments,
        [
            "syntax=docker/dockerfile:1",
            "the base",
            "ARG V the version"
        ]
    );
    assert_eq!(
        parsed.ast.directives.syntax.as_deref(),
        Some("docker/dockerfile:1")
    );
    assert!(parsed.ast.nodes[1].comments.is_empty());
}

#[test]
fn long_lines_are_refused() {
    let src = format!("FROM a\nRUN {}\n", "x".repeat(70_000));
    assert_eq!(
        parse(&src).unwrap_err().to_string(),
        "dockerfile parse error on line 2: dockerfile line greater than max allowed size of 65535"
    );
}

#[test]
fn keywords_keep_their_case() {
    let parsed = parse("from a\nRun x\n").unwrap();
    assert_eq!(parsed.ast.nodes[1].keyword, "Run");
    assert_eq!(parsed.ast.nodes[1].instruction, Instruction::Run);
    assert_eq!(parsed.ast.dump(), "(from \"a\")\n(run \"x\")\n");
}

/// Pieces that matter to the parser, for random Dockerfiles.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "FROM ",
        "RUN ",
        "COPY ",
        "ADD ",
        "ENV ",
        "LABEL ",
        "ARG ",
        "ONBUILD ",
        "HEALTHCHECK ",
        "CMD ",
        "SHELL ",
        "EXPOSE ",
        "USER ",
        "x",
        "a=b",
        "=",
        " ",
        "\t",
        "\n",
        "\r\n",
        "\\",
        "`",
        "\\\n",
        "\"",
        "'",
        "[",
        "]",
        ",",
        "<<EOF",
        "<<-'E'",
        "EOF\n",
        "E\n",
        "$",
        "${",
        "}",
        ":-",
        "#",
        "# escape=`\n",
        "# syntax=x\n",
        "--",
        "--mount=type=cache",
        "--from=",
        "{",
        "1",
        "\u{feff}",
        "é",
        "\u{0}",
        "NONE",
        "CMD",
        "AS",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn never_panics(pieces in prop::collection::vec(piece(), 0..40)) {
        let src: String = pieces.concat();
        if let Ok(parsed) = parse(&src) {
            let _ = parsed.ast.dump_with_heredocs();
            let _ = validate(&parsed.ast);
        }
    }

    #[test]
    fn never_panics_on_any_text(src in "\\PC*") {
        let _ = parse(&src);
    }
}

#[test]
fn the_first_bad_instruction_is_reported_even_before_an_unknown_one() {
    let err = super::parse_and_validate("FROM alpine\nCOPY --nope a b\nRUNN x\n").unwrap_err();
    assert_eq!(err.span.start, 2, "{err}");
    let err = super::parse_and_validate("FROM alpine\nRUNN x\nCOPY --nope a b\n").unwrap_err();
    assert_eq!(err.span.start, 2, "{err}");
    assert!(err.to_string().contains("unknown instruction: RUNN"), "{err}");
    // An error of the parser proper comes before any instruction check.
    let err = super::parse_and_validate("FROM alpine\nRUNN x\nENV a\n").unwrap_err();
    assert_eq!(err.span.start, 3, "{err}");
    // parse alone still refuses the unknown instruction.
    assert!(super::parse("FROM alpine\nRUNN x\n").is_err());
}
