//! Markdown to Yew nodes, through pulldown-cmark's events (never `innerHTML`: raw HTML in a
//! lesson is dropped). Click-to-run blocks are the pack's `run` segments, drawn by the lesson
//! pane; code blocks here are only to read.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use yew::prelude::*;


struct Frame<'a> {
    tag: Option<Tag<'a>>,
    children: Vec<Html>,
    code: String,
}

/// Renders `markdown`.
pub fn render(markdown: &str) -> Html {
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let mut stack = vec![Frame { tag: None, children: Vec::new(), code: String::new() }];
    let mut in_head = false;
    for event in parser {
        match event {
            Event::Start(tag) => {
                if matches!(tag, Tag::TableHead) {
                    in_head = true;
                }
                stack.push(Frame { tag: Some(tag), children: Vec::new(), code: String::new() });
            }
            Event::End(end) => {
                let Some(frame) = stack.pop() else { break };
                if matches!(end, TagEnd::TableHead) {
                    in_head = false;
                }
                let html = close(frame, in_head);
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(html);
                }
            }
            Event::Text(text) => {
                let top = stack.last_mut().expect("the root frame stays");
                if matches!(top.tag, Some(Tag::CodeBlock(_))) {
                    top.code.push_str(&text);
                } else {
                    top.children.push(html! { { text.to_string() } });
                }
            }
            Event::Code(code) => push(&mut stack, html! { <code>{ code.to_string() }</code> }),
            Event::SoftBreak => push(&mut stack, html! { { " " } }),
            Event::HardBreak => push(&mut stack, html! { <br /> }),
            Event::Rule => push(&mut stack, html! { <hr /> }),
            _ => {}
        }
    }
    let root = stack.into_iter().next().map(|f| f.children).unwrap_or_default();
    html! { <>{ for root }</> }
}

fn push(stack: &mut [Frame<'_>], html: Html) {
    if let Some(top) = stack.last_mut() {
        top.children.push(html);
    }
}

fn close(frame: Frame<'_>, in_head: bool) -> Html {
    let children = frame.children;
    let Some(tag) = frame.tag else { return html! { <>{ for children }</> } };
    match tag {
        Tag::Paragraph => html! { <p>{ for children }</p> },
        Tag::Heading { level, .. } => match level {
            HeadingLevel::H1 => html! { <h1>{ for children }</h1> },
            HeadingLevel::H2 => html! { <h2>{ for children }</h2> },
            HeadingLevel::H3 => html! { <h3>{ for children }</h3> },
            _ => html! { <h4>{ for children }</h4> },
        },
        Tag::BlockQuote(_) => html! { <blockquote>{ for children }</blockquote> },
        Tag::List(Some(start)) => html! { <ol start={start.to_string()}>{ for children }</ol> },
        Tag::List(None) => html! { <ul>{ for children }</ul> },
        Tag::Item => html! { <li>{ for children }</li> },
        Tag::Emphasis => html! { <em>{ for children }</em> },
        Tag::Strong => html! { <strong>{ for children }</strong> },
        Tag::Strikethrough => html! { <s>{ for children }</s> },
        Tag::Link { dest_url, title, .. } => html! {
            <a href={dest_url.to_string()} title={title.to_string()} target="_blank" rel="noopener noreferrer">{ for children }</a>
        },
        Tag::Table(_) => {
            let mut rows = children.into_iter();
            let head = rows.next();
            html! { <div class="table-wrap"><table><thead>{ for head }</thead><tbody>{ for rows }</tbody></table></div> }
        }
        Tag::TableHead | Tag::TableRow => html! { <tr>{ for children }</tr> },
        Tag::TableCell if in_head => html! { <th>{ for children }</th> },
        Tag::TableCell => html! { <td>{ for children }</td> },
        Tag::CodeBlock(kind) => {
            let lang = match &kind {
                CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
                CodeBlockKind::Indented => String::new(),
            };
            code_block(&lang, &frame.code)
        }
        _ => html! { <>{ for children }</> },
    }
}

/// A code block to read, with its language as a label.
pub fn code_block(lang: &str, code: &str) -> Html {
    html! {
        <div class="code">
            if !lang.is_empty() { <span class="code-lang">{ lang.to_string() }</span> }
            <pre><code>{ code.trim_end().to_string() }</code></pre>
        </div>
    }
}
