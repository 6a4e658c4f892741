//! The Dockerfile builder: its front end, which reads a Dockerfile, and [`exec`], which runs one.
//!
//! The builder is three stages with typed hand-offs (see STYLE.md, practice 8): the
//! [`parser`] turns text into an [`ast::Ast`] plus warnings; the instructions stage (to come)
//! turns nodes into typed instructions and stages; dispatch (to come) runs them on the
//! engine. [`shell`] expands variables for the later stages, with ARG/ENV scoping.
//!
//! BuildKit's Dockerfile frontend is the specification: the parser reproduces BuildKit's
//! parse of every fixture in its test suite byte for byte ([`ast::Ast::dump`] prints
//! BuildKit's dump format), and errors carry BuildKit's wording and the line at fault.
//!
//! ```
//! use wharf_engine::build::parser::parse;
//! let parsed = parse("FROM alpine AS base\nRUN echo hi\n").unwrap();
//! assert_eq!(parsed.ast.dump(), "(from \"alpine\" \"AS\" \"base\")\n(run \"echo hi\")\n");
//! let err = parse("FROM alpine\nRUNN echo hi\n").unwrap_err();
//! assert_eq!(err.to_string(), "dockerfile parse error on line 2: unknown instruction: RUNN (did you mean RUN?)");
//! ```

pub mod ast;
pub mod dump;
pub mod error;
pub mod exec;
pub mod parser;
pub mod shell;

pub use ast::{Args, Ast, Heredoc, Instruction, Node, Pair, Span};
pub use error::{ParseError, ParseErrorKind, Rule, Warning};
pub use parser::{parse, parse_and_validate, parse_and_validate_bytes, parse_bytes, validate, Parsed};
