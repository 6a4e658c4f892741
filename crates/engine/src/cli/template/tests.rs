//! Template tests: `template | data | output` tables, Go's error texts, Docker's formats.

use serde_json::{json, Value};

use super::{format_rows, Missing, Template, TemplateError};

fn data() -> Value {
    json!({
        "Name": "web",
        "ID": "55d09268a59e",
        "Size": 1985569,
        "Ratio": 0.5,
        "Running": true,
        "Empty": "",
        "Nil": null,
        "Tags": ["latest", "1.35"],
        "Nums": [1, 2, 3],
        "Labels": {"b": "2", "a": "1", "com.example.x": "y"},
        "Config": {"Env": ["A=1", "B=2"], "User": ""},
        "Html": "<none> & co",
    })
}

fn render(t: &str) -> Result<String, TemplateError> {
    Template::parse_go(t)?.render(&data())
}

#[test]
fn renders_like_go() {
    let cases = [
        ("plain text", "plain text"),
        ("{{.Name}}", "web"),
        ("{{ .Name }}:{{.ID}}", "web:55d09268a59e"),
        ("{{.Size}} {{.Ratio}} {{.Running}}", "1985569 0.5 true"),
        ("{{.Missing}}", "<no value>"),
        ("{{.Nil}}", "<nil>"),
        ("{{.Tags}}", "[latest 1.35]"),
        ("{{.Labels}}", "map[a:1 b:2 com.example.x:y]"),
        ("{{.Config.Env}}", "[A=1 B=2]"),
        ("{{.Missing.Deeper}}", "<no value>"),
        ("{{.}}", "map[Config:map[Env:[A=1 B=2] User:] Empty: Html:<none> & co ID:55d09268a59e Labels:map[a:1 b:2 com.example.x:y] Name:web Nil:<nil> Nums:[1 2 3] Ratio:0.5 Running:true Size:1985569 Tags:[latest 1.35]]"),
        ("{{$}}", "map[Config:map[Env:[A=1 B=2] User:] Empty: Html:<none> & co ID:55d09268a59e Labels:map[a:1 b:2 com.example.x:y] Name:web Nil:<nil> Nums:[1 2 3] Ratio:0.5 Running:true Size:1985569 Tags:[latest 1.35]]"),
        ("{{\"lit\"}} {{`raw\\n`}} {{42}} {{-1}} {{1.5}} {{1e6}} {{0x1F}} {{'a'}} {{true}}", "lit raw\\n 42 -1 1.5 1e+06 31 97 true"),
        ("{{/* a comment */}}x", "x"),
        ("a  {{- .Name -}}  b", "awebb"),
        ("a\n{{- /* c */ -}}\nb", "ab"),
        ("{{- .Name}}\n", "web\n"),
        ("{{-3}}", "-3"),
        ("{{.Labels.a}}{{.Labels.b}}", "12"),
        ("{{(.Config).User}}|", "|"),
    ];
    for (t, want) in cases {
        assert_eq!(render(t).unwrap_or_else(|e| panic!("{t}: {e}")), want, "{t}");
    }
}

#[test]
fn control_flow() {
    let cases = [
        ("{{if .Running}}up{{else}}down{{end}}", "up"),
        ("{{if .Empty}}x{{else if .Nil}}y{{else if .Tags}}z{{end}}", "z"),
        ("{{if not .Running}}x{{else}}y{{end}}", "y"),
        ("{{if and .Running .Empty}}x{{else}}y{{end}}", "y"),
        ("{{or .Empty .Name}}", "web"),
        ("{{and .Name .Size}}", "1985569"),
        ("{{and .Empty .Size}}|", "|"),
        ("{{with .Config}}{{.Env}}{{end}}", "[A=1 B=2]"),
        ("{{with .Empty}}x{{else}}none{{end}}", "none"),
        ("{{range .Tags}}[{{.}}]{{end}}", "[latest][1.35]"),
        ("{{range $i, $t := .Tags}}{{$i}}={{$t}} {{end}}", "0=latest 1=1.35 "),
        ("{{range $k, $v := .Labels}}{{$k}}={{$v}};{{end}}", "a=1;b=2;com.example.x=y;"),
        ("{{range $v := .Labels}}{{$v}}{{end}}", "12y"),
        ("{{range .Missing}}x{{else}}empty{{end}}", "empty"),
        ("{{range .Nil}}x{{else}}empty{{end}}", "empty"),
        ("{{range .Nums}}{{if eq . 2}}{{continue}}{{end}}{{.}}{{end}}", "13"),
        ("{{range .Nums}}{{if gt . 1}}{{break}}{{end}}{{.}}{{end}}", "1"),
        ("{{range .Tags}}{{$.Name}}/{{.}} {{end}}", "web/latest web/1.35 "),
        ("{{$x := .Name}}{{$x}}{{$x = \"db\"}}{{$x}}", "webdb"),
        ("{{if .Running}}{{$y := 1}}{{$y}}{{end}}", "1"),
        ("{{range .Tags -}}\n  {{.}}\n{{end}}", "latest\n1.35\n"),
    ];
    for (t, want) in cases {
        assert_eq!(render(t).unwrap_or_else(|e| panic!("{t}: {e}")), want, "{t}");
    }
}

#[test]
fn functions() {
    let cases = [
        ("{{json .Tags}}", r#"["latest","1.35"]"#),
        ("{{json .Labels}}", r#"{"a":"1","b":"2","com.example.x":"y"}"#),
        ("{{json .Html}}", r#""<none> & co""#),
        ("{{json .Missing}}", "null"),
        ("{{json .Ratio}} {{json .Size}} {{json .Nil}}", "0.5 1985569 null"),
        ("{{join .Tags \", \"}}", "latest, 1.35"),
        ("{{join .Config.Env \",\"}}", "A=1,B=2"),
        ("{{split \"a:b:c\" \":\"}}", "[a b c]"),
        ("{{index (split .ID \"9\") 0}}", "55d0"),
        ("{{upper .Name}} {{lower \"ABC\"}} {{title \"hello wide world\"}}", "WEB abc Hello Wide World"),
        ("{{.Name | upper}}", "WEB"),
        ("{{.Name | printf \"%s!\" | upper}}", "WEB!"),
        ("[{{pad .Name 1 2}}][{{pad .Empty 1 2}}]", "[ web  ][]"),
        ("{{truncate .ID 4}} {{truncate .ID 40}}", "55d0 55d09268a59e"),
        ("{{index .Labels \"a\"}}|{{index .Labels \"zz\"}}|", "1||"),
        ("{{index .Tags 1}} {{index .Nums 0}}", "1.35 1"),
        ("{{index .Name 0}}", "119"),
        ("{{len .Tags}} {{len .Name}} {{len .Labels}}", "2 3 3"),
        ("{{slice .Name 1}} {{slice .Tags 0 1}}", "eb [latest]"),
        ("{{printf \"%s is %d bytes, %v, %q, %5.2f|%-5s|%05d|%x\" .Name .Size .Running .Name .Ratio .Name 42 255}}", "web is 1985569 bytes, true, \"web\",  0.50|web  |00042|ff"),
        ("{{printf \"%d %s\" .Name}}", "%!d(string=web) %!s(MISSING)"),
        ("{{printf \"%s\" .Name .Size}}", "web%!(EXTRA int=1985569)"),
        ("{{print .Name .Size .Size \"x\" 1}}", "web1985569 1985569x1"),
        ("{{println .Name 1}}", "web 1\n"),
        ("{{eq .Name \"web\"}} {{eq .Size 1 1985569}} {{ne .Name \"x\"}}", "true true true"),
        ("{{lt 1 2}} {{le 2 2}} {{gt \"b\" \"a\"}} {{ge 1 2}}", "true true true false"),
        ("{{html .Html}} {{urlquery \"a b&c\"}} {{js \"it's\"}}", "&lt;none&gt; &amp; co a+b%26c it\\'s"),
    ];
    for (t, want) in cases {
        assert_eq!(render(t).unwrap_or_else(|e| panic!("{t}: {e}")), want, "{t}");
    }
}

#[test]
fn parse_errors_are_gos() {
    let cases = [
        ("{{.Foo}", r#"template: :1: unexpected "}" in operand"#),
        ("{{foo}}", r#"template: :1: function "foo" not defined"#),
        ("{{.Foo | bar}}", r#"template: :1: function "bar" not defined"#),
        ("{{.Foo", "template: :1: unclosed action"),
        ("{{if .X}}x", "template: :1: unexpected EOF"),
        ("{{end}}", "template: :1: unexpected {{end}}"),
        ("{{else}}", "template: :1: unexpected {{else}}"),
        ("{{\"abc}}", "template: :1: unterminated quoted string"),
        ("{{$x}}", r#"template: :1: undefined variable "$x""#),
        ("{{range}}{{end}}", "template: :1: missing value for range"),
        ("{{}}", "template: :1: missing value for command"),
        ("{{.X | \"a\"}}", "template: :1: non executable command in pipeline stage 2"),
        ("line1\n{{nope}}", r#"template: :2: function "nope" not defined"#),
        ("{{break}}", "template: :1: {{break}} outside {{range}}"),
        ("{{.X #}}", "template: :1: unexpected \"#\" in operand"),
        ("{{.X@}}", "template: :1: bad character U+0040 '@'"),
        ("{{3x}}", r#"template: :1: bad number syntax: "3x""#),
        ("{{\"a\".B}}", r#"template: :1: unexpected . after term "\"a\"""#),
        ("{{if .X}}{{else with .Y}}{{end}}", "template: :1: unexpected <with> in else"),
        ("{{/* never closed }}", "template: :1: unclosed comment"),
        ("{{(.X}}", "template: :1: unclosed left paren"),
        ("{{.X)}}", r#"template: :1: unexpected ")" in command"#),
        ("{{define \"x\"}}{{end}}", "template: :1: {{define}} is not supported"),
    ];
    for (t, want) in cases {
        match Template::parse_go(t) {
            Err(TemplateError::Parse(msg)) => assert_eq!(msg, want, "{t}"),
            other => panic!("{t}: expected a parse error, got {other:?}"),
        }
    }
}

#[test]
fn exec_errors_are_gos() {
    let strict = |t: &str, m: Missing| Template::parse_go(t).unwrap().with_missing(m).render(&data()).unwrap_err().to_string();
    let ctx = || Missing::Struct("*formatter.imageContext".into());
    assert_eq!(strict("{{.Foo}}", Missing::Error), r#"template: :1:2: executing "" at <.Foo>: map has no entry for key "Foo""#);
    assert_eq!(
        strict("{{.Config.Foo}}", Missing::Error),
        r#"template: :1:9: executing "" at <.Config.Foo>: map has no entry for key "Foo""#,
        "Go places a field chain at its second field"
    );
    assert_eq!(
        strict("x\n  {{.Foo}}", ctx()),
        r#"template: :2:4: executing "" at <.Foo>: can't evaluate field Foo in type *formatter.imageContext"#
    );
    let nested = Template::parse_go("{{.Config.Foo}}").unwrap().with_missing(ctx());
    assert_eq!(nested.render(&data()).unwrap(), "<no value>", "below the root, objects are maps");
    let err = |t: &str| render(t).unwrap_err().to_string();
    assert_eq!(err("{{upper .Size}}"), r#"template: :1:8: executing "" at <.Size>: wrong type for value; expected string; got int"#);
    assert_eq!(err("{{.Size | upper}}"), r#"template: :1:10: executing "" at <upper>: wrong type for value; expected string; got int"#);
    assert_eq!(err("{{upper .Missing}}"), r#"template: :1:8: executing "" at <.Missing>: invalid value; expected string"#);
    assert_eq!(err("{{upper}}"), r#"template: :1:2: executing "" at <upper>: wrong number of args for upper: want 1 got 0"#);
    assert_eq!(err("{{index .Tags 5}}"), r#"template: :1:2: executing "" at <index .Tags 5>: error calling index: index out of range: 5"#);
    assert_eq!(err("{{.Name.Foo}}"), r#"template: :1:7: executing "" at <.Name.Foo>: can't evaluate field Foo in type string"#);
    assert_eq!(err("{{.Nil.Foo}}"), r#"template: :1:6: executing "" at <.Nil.Foo>: nil pointer evaluating interface {}.Foo"#);
    assert_eq!(err("{{range .Name}}{{end}}"), r#"template: :1:8: executing "" at <.Name>: range can't iterate over web"#);
    assert_eq!(err("{{.Name 1}}"), r#"template: :1:2: executing "" at <.Name>: Name is not a method but has arguments"#);
    assert_eq!(err("{{\"x\" 1}}"), r#"template: :1:2: executing "" at <"x">: can't give argument to non-function "x""#);
    assert_eq!(err("{{eq .Name 1}}"), r#"template: :1:2: executing "" at <eq .Name 1>: error calling eq: incompatible types for comparison"#);
    assert_eq!(err("{{len 3}}"), r#"template: :1:2: executing "" at <len 3>: error calling len: len of type int"#);
    assert_eq!(err("{{pad .Name \"1\" 2}}"), r#"template: :1:12: executing "" at <"1">: expected integer; found "1""#);
    assert_eq!(
        TemplateError::Parse("template: :1: x".into()).docker_message(),
        "template parsing error: template: :1: x"
    );
}

#[test]
fn docker_format_conventions() {
    let t = Template::parse("table {{.ID}}\\t{{.Name}}").unwrap();
    assert!(t.is_table());
    assert_eq!(t.source(), "{{.ID}}\t{{.Name}}");
    let plain = Template::parse("  {{.ID}}\\n ").unwrap();
    assert!(!plain.is_table());
    assert_eq!(plain.source(), "{{.ID}}\n");
    assert_eq!(Template::parse("json").unwrap().source(), "{{json .}}");
    let rows = [json!({"ID": "1", "Name": "web"}), json!({"ID": "22", "Name": "database"})];
    let headers = [("ID", "CONTAINER ID"), ("Name", "NAMES")];
    assert_eq!(
        t.render_rows(&rows, &headers).unwrap(),
        "CONTAINER ID   NAMES\n1              web\n22             database\n"
    );
    assert_eq!(t.render_rows(&[], &headers).unwrap(), "CONTAINER ID   NAMES\n", "a table always has its header");
    assert_eq!(plain.render_rows(&rows, &headers).unwrap(), "1\n\n22\n\n");
    // Header functions leave titles alone; unknown header fields print <no value>.
    let t = Template::parse("table {{upper .Name}}\t{{json .ID}}\t{{.Other}}").unwrap();
    assert_eq!(t.render_header(&headers), "NAMES\tCONTAINER ID\t<no value>");
    // A failing row fails everything.
    let t = Template::parse("table {{.ID}}").unwrap().with_missing(Missing::Struct("*formatter.ContainerContext".into()));
    let err = t.render_rows(&[json!({"Name": "x"})], &headers).unwrap_err();
    assert_eq!(
        err.docker_message(),
        r#"template parsing error: template: :1:2: executing "" at <.ID>: can't evaluate field ID in type *formatter.ContainerContext"#
    );
}

#[test]
fn docker_images_json_matches_the_reference() {
    // shared/reference/docker/docker-images-format-json.txt, last line.
    let row = json!({
        "Containers": "N/A", "CreatedAt": "2026-11-22 11:01:28 +0000 UTC", "CreatedSince": "About a minute ago",
        "Digest": "<none>", "ID": "55d09268a59e", "Repository": "busybox", "SharedSize": "N/A", "Size": "1.99MB",
        "Tag": "latest", "UniqueSize": "N/A", "VirtualSize": "1.986MB",
    });
    let want = r#"{"Containers":"N/A","CreatedAt":"2026-11-22 11:01:28 +0000 UTC","CreatedSince":"About a minute ago","Digest":"\u003cnone\u003e","ID":"55d09268a59e","Repository":"busybox","SharedSize":"N/A","Size":"1.99MB","Tag":"latest","UniqueSize":"N/A","VirtualSize":"1.986MB"}"#;
    let t = Template::parse("{{json .}}").unwrap().with_escaped_root_json(true);
    assert_eq!(t.render(&row).unwrap(), want);
    assert_eq!(Template::parse("json").unwrap().with_escaped_root_json(true).render(&row).unwrap(), want);
    // Below the root nothing is escaped (SetEscapeHTML(false)).
    assert_eq!(t.clone().render(&json!({"x": 1})).unwrap(), r#"{"x":1}"#);
    let field = Template::parse("{{json .Digest}}").unwrap().with_escaped_root_json(true);
    assert_eq!(field.render(&row).unwrap(), r#""<none>""#);
}

#[test]
fn docker_history_table_matches_the_reference() {
    // shared/reference/docker/docker-history-legacy.txt, first lines (CreatedBy already cut by
    // the caller with units::ellipsis).
    let headers = [("ID", "IMAGE"), ("CreatedSince", "CREATED"), ("CreatedBy", "CREATED BY"), ("Size", "SIZE"), ("Comment", "COMMENT")];
    let rows = [
        json!({"ID": "03813ba8e177", "CreatedSince": "About a minute ago", "CreatedBy": crate::cli::units::ellipsis(r#"/bin/sh -c #(nop)  CMD ["cat" "/app/hello.txt"]"#, 45), "Size": "0B", "Comment": ""}),
        json!({"ID": "55d09268a59e", "CreatedSince": "2 minutes ago", "CreatedBy": "", "Size": "1.99MB", "Comment": "Imported from -"}),
    ];
    let out = format_rows("", "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}", &headers, &rows).unwrap();
    let want = [
        "IMAGE          CREATED              CREATED BY                                      SIZE      COMMENT",
        "03813ba8e177   About a minute ago   /bin/sh -c #(nop)  CMD [\"cat\" \"/app/hello.tx…   0B        ",
        "55d09268a59e   2 minutes ago                                                        1.99MB    Imported from -",
        "",
    ];
    assert_eq!(out.split('\n').collect::<Vec<_>>(), want);
}
