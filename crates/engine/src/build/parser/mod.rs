//! The Dockerfile parser: text in, [`Ast`] and [`Warning`]s out.
//!
//! It follows BuildKit's parser line for line, because BuildKit's behaviour is the
//! specification (its fixtures are our conformance suite):
//!
//! 1. Physical lines are read one at a time ([`lines`]). The first lines may be parser
//!    directives ([`directives`]); a UTF-8 byte-order mark is dropped.
//! 2. Comment and blank lines are skipped; an instruction's continuation lines are joined,
//!    skipping comment lines and blank lines (the latter with a warning).
//! 3. The joined line is split into keyword, flags and the rest, and the rest is read in the
//!    shape its instruction takes ([`args`]).
//! 4. RUN, COPY and ADD lines with `<<` markers get their heredoc bodies read from the lines
//!    that follow ([`heredoc`]).
//!
//! [`parse`] does exactly what BuildKit's parser does (plus rejecting unknown instructions,
//! which BuildKit reports one step later); [`validate`] adds the per-instruction rules that
//! `docker build` applies next (argument counts, flags...); [`parse_and_validate`] does both,
//! reporting the error BuildKit reports first: any error of the parser proper (a bad ENV on
//! any line), then the instructions in order, an unknown one failing where it stands, so a
//! bad flag on line 3 wins over an unknown instruction on line 5 (and loses to one on line 2).
//!
//! Known differences, all deliberate: an unknown instruction as an ONBUILD trigger is
//! rejected here (BuildKit stores it and fails when the image is used as a base); more than
//! 16 nested `ONBUILD ONBUILD` are refused at parse time to bound recursion (BuildKit refuses
//! any nesting one step later anyway).

mod args;
mod directives;
mod flags;
mod heredoc;
mod json;
mod lines;
mod mount;
mod validate;

pub use directives::CheckConfig;
pub use validate::validate;

use crate::build::ast::{Args, Ast, Instruction, Node, Span};
use crate::build::error::{suggest, ParseError, ParseErrorKind, Rule, Warning};
use directives::DirectiveState;
use lines::{
    is_blank, is_comment, strip_comment, trim_continuation, trim_left_space, trim_newline,
    LineReader, MAX_LINE,
};

/// How deep `ONBUILD ONBUILD ...` may nest before the parser gives up (BuildKit's own check
/// refuses any nesting; this bound only keeps hostile input from exhausting the stack).
const MAX_TRIGGER_DEPTH: usize = 16;

/// A parsed Dockerfile and the warnings its parsing raised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The syntax tree.
    pub ast: Ast,
    /// Warnings, in line order, already filtered by a `# check=skip=...` directive.
    pub warnings: Vec<Warning>,
}

/// Parses a Dockerfile given as bytes; invalid UTF-8 is replaced by U+FFFD.
pub fn parse_bytes(src: &[u8]) -> Result<Parsed, ParseError> {
    parse(&String::from_utf8_lossy(src))
}

/// Parses then applies the instruction rules, as `docker build` would before building.
pub fn parse_and_validate(src: &str) -> Result<Parsed, ParseError> {
    let (parsed, unknown) = parse_lenient(src)?;
    match unknown {
        Some(Unknown { before, error }) => {
            // BuildKit checks the instructions in order: those above the unknown one first.
            let above = Ast { directives: parsed.ast.directives.clone(), nodes: parsed.ast.nodes[..before].to_vec() };
            validate(&above)?;
            Err(error)
        }
        None => {
            validate(&parsed.ast)?;
            Ok(parsed)
        }
    }
}

/// [`parse_and_validate`] for a Dockerfile given as bytes (invalid UTF-8 replaced by U+FFFD).
pub fn parse_and_validate_bytes(src: &[u8]) -> Result<Parsed, ParseError> {
    parse_and_validate(&String::from_utf8_lossy(src))
}

/// Parses a Dockerfile the way BuildKit's parser does.
pub fn parse(src: &str) -> Result<Parsed, ParseError> {
    match parse_lenient(src)? {
        (_, Some(unknown)) => Err(unknown.error),
        (parsed, None) => Ok(parsed),
    }
}

/// The first unknown instruction: its error, and how many nodes come before it.
struct Unknown {
    before: usize,
    error: ParseError,
}

/// BuildKit's parser proper: an unknown instruction is no parse error (it is left out of the
/// nodes and returned apart), so an error of the parser on a later line still comes first.
fn parse_lenient(src: &str) -> Result<(Parsed, Option<Unknown>), ParseError> {
    let mut unknown: Option<Unknown> = None;
    let mut reader = LineReader::new(src);
    let mut dirs = DirectiveState::default();
    let mut nodes = Vec::new();
    let mut warnings = Vec::new();
    let mut comments: Vec<String> = Vec::new();
    let mut line_no = 0;
    let at = |line: usize, kind| ParseError::new(Span::line(line), kind);

    while let Some(mut raw) = reader.next() {
        if raw.len() > MAX_LINE {
            return Err(at(line_no + 1, ParseErrorKind::LineTooLong));
        }
        if line_no == 0 {
            raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
        }
        if is_comment(raw) {
            let text = trim_left_space(trim_newline(raw))
                .trim_start_matches('#')
                .trim();
            if text.is_empty() {
                comments.clear();
            } else {
                comments.push(text.to_string());
            }
        }
        let first =
            process_line(&mut dirs, raw, true, line_no + 1).map_err(|k| at(line_no + 1, k))?;
        line_no += 1;
        let start = line_no;
        let (text, mut done) = trim_continuation(first, dirs.escape());
        if done && text.is_empty() {
            continue;
        }
        let mut line = text.to_string();
        let mut empty_continuation = false;
        while !done {
            let Some(raw) = reader.next() else { break };
            if raw.len() > MAX_LINE {
                return Err(at(line_no + 1, ParseErrorKind::LineTooLong));
            }
            let text =
                process_line(&mut dirs, raw, false, line_no + 1).map_err(|k| at(line_no + 1, k))?;
            line_no += 1;
            if is_comment(raw) {
                continue;
            }
            if is_blank(text) {
                empty_continuation = true;
                continue;
            }
            let (text, ends) = trim_continuation(text, dirs.escape());
            line.push_str(text);
            done = ends;
        }
        if empty_continuation {
            warnings.push(warning(Rule::NoEmptyContinuation, Span::line(line_no)));
        }

        let mut node = match node_from_line(&line, dirs.escape(), 0) {
            Ok(node) => node,
            Err(kind @ ParseErrorKind::UnknownInstruction { .. }) => {
                let error = ParseError::new(Span::new(start, line_no), kind);
                unknown.get_or_insert(Unknown { before: nodes.len(), error });
                comments.clear();
                continue;
            }
            Err(kind) => return Err(ParseError::new(Span::new(start, line_no), kind)),
        };
        if node.can_contain_heredoc() && line.contains("<<") {
            let mut docs = heredoc::heredocs_from_line(&line)
                .map_err(|k| ParseError::new(Span::new(start, line_no), k))?;
            for doc in &mut docs {
                let mut terminated = false;
                for raw in reader.by_ref() {
                    line_no += 1;
                    if raw.len() > MAX_LINE {
                        return Err(at(line_no, ParseErrorKind::LineTooLong));
                    }
                    if heredoc::is_terminator(doc, raw) {
                        terminated = true;
                        break;
                    }
                    doc.content.push_str(raw);
                }
                if !terminated {
                    return Err(ParseError::new(
                        Span::new(start, line_no),
                        ParseErrorKind::UnterminatedHeredoc,
                    ));
                }
            }
            node.heredocs = docs;
        }
        node.span = Span::new(start, line_no);
        if let Args::Trigger(trigger) = &mut node.args {
            trigger.span = node.span;
        }
        node.comments = std::mem::take(&mut comments);
        if node.instruction == Instruction::Maintainer {
            warnings.push(warning(Rule::MaintainerDeprecated, node.span));
        }
        nodes.push(node);
    }

    if nodes.is_empty() && unknown.is_none() {
        return Err(at(line_no, ParseErrorKind::NoInstructions));
    }
    let directives = dirs.directives;
    if let Some(config) = directives
        .check
        .as_deref()
        .and_then(|c| CheckConfig::parse(c).ok())
    {
        warnings.retain(|w| !config.skips(w.rule.name()));
    }
    Ok((
        Parsed {
            ast: Ast { directives, nodes },
            warnings,
        },
        unknown,
    ))
}

fn warning(rule: Rule, span: Span) -> Warning {
    Warning {
        rule,
        span,
        message: rule.message().to_string(),
    }
}

/// A physical line made ready: newline cut, leading whitespace cut on an instruction's first
/// line, directives noted, a comment line emptied.
fn process_line<'a>(
    dirs: &mut DirectiveState,
    raw: &'a str,
    first: bool,
    line_no: usize,
) -> Result<&'a str, ParseErrorKind> {
    let mut text = trim_newline(raw);
    if first {
        text = trim_left_space(text);
    }
    dirs.observe(text, line_no)?;
    Ok(strip_comment(text))
}

/// One logical line (continuations joined) as a node; span and comments are set by the caller.
fn node_from_line(line: &str, escape: char, depth: usize) -> Result<Node, ParseErrorKind> {
    let (keyword, flags, rest) = args::split_command(line);
    let Some(instruction) = Instruction::from_keyword(keyword) else {
        let names: Vec<String> = Instruction::ALL
            .iter()
            .map(|i| i.name().to_uppercase())
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        return Err(ParseErrorKind::UnknownInstruction {
            name: keyword.to_string(),
            suggestion: suggest(keyword, &names, false),
        });
    };
    let args = match args::shape(instruction) {
        args::Shape::SubCommand if rest.is_empty() => Args::Empty,
        args::Shape::SubCommand if depth >= MAX_TRIGGER_DEPTH => {
            return Err(ParseErrorKind::ChainedOnbuild)
        }
        args::Shape::SubCommand => {
            Args::Trigger(Box::new(node_from_line(rest, escape, depth + 1)?))
        }
        shape => args::parse_args(shape, rest, escape, instruction)?,
    };
    Ok(Node {
        instruction,
        keyword: keyword.to_string(),
        flags,
        args,
        heredocs: Vec::new(),
        original: line.to_string(),
        span: Span::default(),
        comments: Vec::new(),
    })
}

#[cfg(test)]
mod tests;
