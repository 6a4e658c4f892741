//! The output of the `inspect` commands: docker CLI 28's `cli/command/inspect.Inspect`.
//!
//! Each reference the user named is looked up on its own; what was found is printed together
//! at the end (the "inspector" is flushed once), what was not is collected and printed after,
//! one message a line, with exit status 1:
//!
//! - no `--format`: an indented JSON array of the objects (`[]` when none was found);
//! - `--format json`: the same array, compact;
//! - `--format TEMPLATE`: one line per object. A template that does not parse stops everything
//!   with `template parsing error: …` and exit status 64; one that fails on an object drops
//!   that object's line and adds `template parsing error: …` to the errors. With nothing to
//!   print, docker still prints an empty line.
//!
//! What a missing object reads like depends on the command. `docker image inspect x` prints
//! the daemon's answer as the API client wraps it ([`super::daemon_error`]):
//! `Error response from daemon: No such image: x:latest` (the 20.10 daemon adds the tag). Only
//! the generic `docker inspect x`, which tries every object type, writes its own
//! [`no_such_object`] message, as in `shared/reference/docker/docker-error-cases.txt`.

use serde::Serialize;

use super::Printed;
use crate::api::gojson;
use crate::cli::template::{Missing, Template};

/// The message of the generic `docker inspect` when no object type has `name`:
/// `Error: No such object: nosuchthing`.
pub fn no_such_object(name: &str) -> String {
    format!("Error: No such object: {name}")
}

/// Prints `results` (one per reference, in the order given: the object, or the message to
/// report for it) with the `--format` value `format` (empty when not given).
pub fn render<T: Serialize>(results: &[Result<T, String>], format: &str) -> Printed {
    // Messages in docker's order: each reference's lookup error, or its template error, as
    // the references are gone through.
    let mut messages: Vec<String> = Vec::new();
    let stdout = match format {
        "" | "json" => {
            let mut found = Vec::new();
            for r in results {
                match r {
                    Ok(object) => found.push(object),
                    Err(message) => messages.push(message.clone()),
                }
            }
            let text = match (found.is_empty(), format) {
                (true, _) => Ok("[]".to_string()),
                // The daemon's JSON, which the CLI indents or compacts: no HTML escaping.
                (false, "") => gojson::to_string_indent_raw(&found, "    "),
                (false, _) => gojson::to_string_raw(&found),
            };
            // Docker logs a failed flush and goes on; an `api` type always serialises.
            text.map(|t| format!("{t}\n")).unwrap_or_default()
        }
        template => {
            let t = match Template::parse_go(template) {
                Ok(t) => t.with_missing(Missing::Error),
                Err(e) => return Printed { stdout: String::new(), stderr: format!("template parsing error: {e}\n"), code: 64 },
            };
            let mut out = String::new();
            for r in results {
                let object = match r {
                    Ok(object) => object,
                    Err(message) => {
                        messages.push(message.clone());
                        continue;
                    }
                };
                let data = gojson::to_value(object).unwrap_or_default();
                match t.render(&data) {
                    Ok(line) => {
                        out.push_str(&line);
                        out.push('\n');
                    }
                    Err(e) => messages.push(format!("template parsing error: {e}")),
                }
            }
            if out.is_empty() {
                out.push('\n');
            }
            out
        }
    };
    let stderr: String = messages.iter().map(|m| format!("{m}\n")).collect();
    Printed { stdout, stderr, code: if messages.is_empty() { 0 } else { 1 } }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn image(id: &str) -> serde_json::Value {
        json!({"Id": id, "RepoTags": ["busybox:latest"], "Config": {"Labels": null, "Cmd": ["sh"]}, "Comment": "<none>"})
    }

    #[test]
    fn no_format_is_an_indented_array() {
        let out = render(&[Ok(image("sha256:1"))], "");
        assert_eq!(out.stdout, "[\n    {\n        \"Comment\": \"<none>\",\n        \"Config\": {\n            \"Cmd\": [\n                \"sh\"\n            ],\n            \"Labels\": null\n        },\n        \"Id\": \"sha256:1\",\n        \"RepoTags\": [\n            \"busybox:latest\"\n        ]\n    }\n]\n");
        assert_eq!((out.stderr.as_str(), out.code), ("", 0));
    }

    #[test]
    fn a_missing_image_is_the_daemons_answer_after_an_empty_array() {
        let missing: Result<serde_json::Value, String> = Err(crate::cli::render::daemon_error("No such image: nosuchthing:latest"));
        let out = render(&[missing], "");
        assert_eq!(out, Printed { stdout: "[]\n".into(), stderr: "Error response from daemon: No such image: nosuchthing:latest\n".into(), code: 1 });
    }

    #[test]
    fn the_generic_inspect_says_no_such_object() {
        // shared/reference/docker/docker-error-cases.txt: `docker inspect nosuchthing`.
        let out = render::<serde_json::Value>(&[Err(no_such_object("nosuchthing"))], "");
        assert_eq!((out.stdout.as_str(), out.stderr.as_str(), out.code), ("[]\n", "Error: No such object: nosuchthing\n", 1));
    }

    #[test]
    fn json_is_compact_and_found_objects_still_print() {
        let out = render(&[Ok(image("sha256:1")), Err("Error response from daemon: No such image: x:latest".into())], "json");
        assert_eq!(out.stdout, "[{\"Comment\":\"<none>\",\"Config\":{\"Cmd\":[\"sh\"],\"Labels\":null},\"Id\":\"sha256:1\",\"RepoTags\":[\"busybox:latest\"]}]\n");
        assert_eq!((out.stderr.as_str(), out.code), ("Error response from daemon: No such image: x:latest\n", 1));
    }

    #[test]
    fn templates_print_a_line_per_object() {
        let out = render(&[Ok(image("sha256:1")), Ok(image("sha256:2"))], "{{.Id}} {{json .Config.Cmd}}");
        assert_eq!(out, Printed { stdout: "sha256:1 [\"sh\"]\nsha256:2 [\"sh\"]\n".into(), stderr: String::new(), code: 0 });
    }

    #[test]
    fn template_failures() {
        // An unknown field fails that object only, with missingkey=error's text.
        let out = render(&[Ok(image("sha256:1"))], "{{.Nope}}");
        assert_eq!(out.stdout, "\n");
        assert_eq!(out.stderr, "template parsing error: template: :1:2: executing \"\" at <.Nope>: map has no entry for key \"Nope\"\n");
        assert_eq!(out.code, 1);
        // A template that does not parse stops before anything is looked at: exit 64.
        let out = render(&[Ok(image("sha256:1")), Err("Error response from daemon: No such image: x:latest".into())], "{{.Id");
        assert_eq!((out.stdout.as_str(), out.code), ("", 64));
        assert!(out.stderr.starts_with("template parsing error: template: :1: "), "{}", out.stderr);
        // Nothing found, a template given: an empty line.
        let out = render::<serde_json::Value>(&[Err("Error response from daemon: No such image: x:latest".into())], "{{.Id}}");
        assert_eq!((out.stdout.as_str(), out.stderr.as_str(), out.code), ("\n", "Error response from daemon: No such image: x:latest\n", 1));
    }

    fn containers() -> Vec<crate::api::ContainerJson> {
        [
            include_str!("testdata/docker-inspect-container-running.json"),
            include_str!("testdata/docker-inspect-container-web1-exited.json"),
            include_str!("testdata/docker-inspect-container-withanon.json"),
        ]
        .iter()
        .flat_map(|text| serde_json::from_str::<Vec<crate::api::ContainerJson>>(text).unwrap())
        .collect()
    }

    #[test]
    fn container_inspect_is_dockers() {
        let running = containers().remove(0);
        let out = render(&[Ok(running)], "");
        assert_eq!(out.stdout, include_str!("testdata/docker-inspect-container-running.json"));
        // `>&2` in web1's command stays as the daemon wrote it.
        let web1 = containers().remove(1);
        assert_eq!(render(&[Ok(web1)], "").stdout, include_str!("testdata/docker-inspect-container-web1-exited.json"));
    }

    #[test]
    fn container_templates() {
        let results: Vec<Result<crate::api::ContainerJson, String>> = containers().into_iter().map(Ok).collect();
        let lines = |format: &str| render(&results, format).stdout;
        assert_eq!(lines("{{.State.Status}} {{.Name}}"), "running /running1\nexited /web1\nexited /withanon\n");
        assert_eq!(lines("{{range .Mounts}}{{.Destination}}{{end}}"), "/vol\n\n/anonvol\n");
        assert_eq!(lines("{{.NetworkSettings.IPAddress}}|{{.State.ExitCode}}|{{.HostConfig.PidsLimit}}"), "|0|20\n|137|<nil>\n|0|<nil>\n");
        assert_eq!(lines("{{.HostConfig.Memory}} {{.State.Pid}} {{.Config.Cmd}} {{.State.Running}}"), "67108864 32346 [sleep 300] true\n0 0 [sh -c i=0; while true; do echo \"tick $i\"; echo \"err $i\" >&2; i=$((i+1)); sleep 0.5; done] false\n0 0 [true] false\n");
        assert_eq!(lines("{{json .Config.Labels}}"), "{\"probe\":\"yes\"}\n{\"role\":\"probe\"}\n{}\n");
        let cmd = render(&results[1..2], "{{json .Config.Cmd}}").stdout;
        assert!(cmd.ends_with("&2; i=$((i+1)); sleep 0.5; done\"]\n") && cmd.contains(">&2"), "{cmd}");
    }
}
