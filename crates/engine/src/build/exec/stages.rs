//! The FROM split: ARGs before the first FROM (meta args), then one stage per FROM, cut at
//! `--target`. The classic builder runs every stage up to the target, needed or not.

use std::collections::BTreeMap;

use super::BuildError;
use crate::build::ast::{Args, Ast, Instruction, Node};

/// One `FROM ... [AS name]` and the instructions after it.
#[derive(Debug, Clone)]
pub(crate) struct Stage {
    /// The name after `AS`, lower-cased as Docker compares it.
    pub name: Option<String>,
    /// The base image as written (expanded with the meta args when the stage starts).
    pub base: String,
    /// The FROM node itself.
    pub from: Node,
    /// The instructions of the stage.
    pub commands: Vec<Node>,
}

/// What the builder runs.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// ARGs before the first FROM.
    pub meta_args: Vec<Node>,
    /// The stages, up to and including the target.
    pub stages: Vec<Stage>,
}

impl Plan {
    /// The `N` of `Step i/N`: meta ARGs, FROMs and instructions.
    pub fn total_steps(&self) -> usize {
        self.meta_args.len() + self.stages.iter().map(|s| 1 + s.commands.len()).sum::<usize>()
    }
}

/// Splits `ast` into stages, appends the `--label` LABEL node to the last stage (as the
/// classic builder appends it to the file) and cuts at `target`.
pub(crate) fn plan(ast: &Ast, target: Option<&str>, labels: &BTreeMap<String, String>) -> Result<Plan, BuildError> {
    let mut meta_args = Vec::new();
    let mut stages: Vec<Stage> = Vec::new();
    for node in &ast.nodes {
        if node.instruction == Instruction::From {
            let words = match &node.args {
                Args::Words(w) => w.clone(),
                other => other.strings().iter().map(|s| s.to_string()).collect(),
            };
            let base = words.first().cloned().unwrap_or_default();
            let name = (words.len() >= 3).then(|| words[2].to_lowercase());
            stages.push(Stage { name, base, from: node.clone(), commands: Vec::new() });
        } else if let Some(stage) = stages.last_mut() {
            stage.commands.push(node.clone());
        } else if node.instruction == Instruction::Arg {
            meta_args.push(node.clone());
        } else {
            return Err(BuildError::step(node.span, "no build stage in current context"));
        }
    }
    if stages.is_empty() {
        return Err(BuildError::step(Default::default(), "No image was generated. Is your Dockerfile empty?"));
    }
    if !labels.is_empty() {
        let pairs: Vec<String> = labels.iter().map(|(k, v)| format!("{}='{v}'", crate::golang::quote(k))).collect();
        let line = format!("LABEL {}\n", pairs.join(" "));
        if let Some(node) = crate::build::parser::parse(&line)?.ast.nodes.into_iter().next() {
            if let Some(last) = stages.last_mut() {
                last.commands.push(node);
            }
        }
    }
    if let Some(t) = target {
        let lower = t.to_lowercase();
        let Some(ix) = stages.iter().position(|s| s.name.as_deref() == Some(lower.as_str())) else {
            return Err(BuildError::NoTarget(t.to_string()));
        };
        stages.truncate(ix + 1);
    }
    Ok(Plan { meta_args, stages })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::parser::parse;

    #[test]
    fn stages_split_at_from_and_the_target_cuts() {
        let ast = parse("ARG V=1\nFROM a AS one\nRUN x\nFROM b AS Two\nRUN y\nFROM c\n").unwrap().ast;
        let p = plan(&ast, None, &BTreeMap::new()).unwrap();
        assert_eq!(p.stages.len(), 3);
        assert_eq!(p.total_steps(), 6);
        let p = plan(&ast, Some("two"), &BTreeMap::new()).unwrap();
        assert_eq!(p.stages.len(), 2);
        assert_eq!(p.stages[1].name.as_deref(), Some("two"));
        assert_eq!(plan(&ast, Some("nope"), &BTreeMap::new()).unwrap_err().to_string(), "failed to reach build target nope in Dockerfile");
    }

    #[test]
    fn label_options_become_a_last_label_step() {
        let ast = parse("FROM a\n").unwrap().ast;
        let labels = BTreeMap::from([("b".to_string(), "2".to_string()), ("a".to_string(), "1 x".to_string())]);
        let p = plan(&ast, None, &labels).unwrap();
        assert_eq!(p.stages[0].commands[0].original, "LABEL \"a\"='1 x' \"b\"='2'");
    }
}
