//! The terminal's line editor, the browser half of a canonical-mode tty: it echoes keys,
//! edits the line (←/→, Home/End, Backspace/Delete, Ctrl-U/K/W, word moves), recalls
//! history (↑/↓), completes words with Tab (see [`super::complete`]), and hands whole lines,
//! Ctrl-C and Ctrl-D to the session. While a `docker` client is attached to a container, it
//! holds Ctrl-P back to see whether Ctrl-Q follows: Docker's detach keys.
//!
//! Every byte for xterm.js goes through it, output included, so it always knows where the
//! cursor is ([`Column`]) and can redraw a line that wraps over several rows, or put an
//! unfinished line back after a program printed in the middle of it.

use super::column::Column;
use super::complete::{columns, escape, Completion};
use super::history::History;
use super::keys::{decode, Key};

/// What the page must do besides drawing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Type this line (and Enter) into the session.
    Submit(String),
    /// Ctrl-C: interrupt the foreground job.
    Interrupt,
    /// Ctrl-D on an empty line: end of file.
    Eof,
    /// Ctrl-L: clear the screen but the cursor's row (xterm.js `clear()`).
    ClearScreen,
    /// The history changed: store it.
    SaveHistory,
    /// Ctrl-P Ctrl-Q while attached: type Docker's detach keys on the terminal.
    Detach,
}

/// Completions for the line up to the cursor; the page asks the session.
pub type Completer<'a> = &'a dyn Fn(&str) -> Completion;

/// Nothing to complete (the Run button, tests of other keys).
fn no_completion(before: &str) -> Completion {
    Completion { start: before.chars().count(), ..Completion::default() }
}

/// The result of feeding keys: bytes to write to xterm.js, then commands in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reaction {
    /// What to draw.
    pub echo: String,
    /// What to do.
    pub commands: Vec<Command>,
}

/// The line being typed, and the screen around it.
#[derive(Debug, Clone)]
pub struct LineEditor {
    line: Vec<char>,
    cursor: usize,
    /// The column the line starts at (after the prompt); `None` until the first key.
    origin: Option<usize>,
    column: Column,
    history: History,
    /// The machine's output since its last newline: the prompt, to redraw below a listing.
    prompt: String,
    /// The previous key was Tab: a second one lists the matches.
    after_tab: bool,
    /// A `docker` client attached to a container reads the keyboard.
    attached: bool,
    /// Ctrl-P came while attached; the next key decides.
    held_ctrl_p: bool,
}

impl LineEditor {
    /// An editor for a terminal `cols` wide, with a restored history.
    pub fn new(cols: usize, history: History) -> LineEditor {
        LineEditor {
            line: Vec::new(),
            cursor: 0,
            origin: None,
            column: Column::new(cols),
            history,
            prompt: String::new(),
            after_tab: false,
            attached: false,
            held_ctrl_p: false,
        }
    }

    /// The line typed so far.
    pub fn line(&self) -> String {
        self.line.iter().collect()
    }

    /// The history, to store.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Whether a `docker` client attached to a container reads the keyboard now, so Ctrl-P
    /// Ctrl-Q detaches instead of recalling history.
    pub fn set_attached(&mut self, attached: bool) {
        self.attached = attached;
        self.held_ctrl_p &= attached;
    }

    /// The terminal was resized to `cols` columns.
    pub fn resize(&mut self, cols: usize) {
        self.column.resize(cols);
        if self.origin.is_some_and(|o| o >= self.column.cols()) {
            self.origin = Some(0);
        }
    }

    /// Output from the machine: what to write so that it appears, with an unfinished line
    /// taken off the screen first and put back after it.
    pub fn output(&mut self, text: &str) -> String {
        if text.is_empty() {
            return String::new();
        }
        let mut out = String::new();
        let editing = self.origin.is_some() && !self.line.is_empty();
        if editing {
            out.push_str(&self.goto(self.cursor, 0));
            out.push_str("\x1b[J");
        }
        self.origin = None;
        out.push_str(text);
        self.column.advance(&out);
        match text.rfind('\n') {
            Some(i) => self.prompt = text[i + 1..].to_string(),
            None if self.prompt.len() < 1024 => self.prompt.push_str(text),
            None => self.prompt.clear(),
        }
        if editing {
            let redraw = self.redraw_from_origin();
            out.push_str(&redraw);
        }
        out
    }

    /// Keys from xterm.js's `onData`, with nothing to complete.
    pub fn input(&mut self, data: &str) -> Reaction {
        self.input_with(data, &no_completion)
    }

    /// Keys from xterm.js's `onData`; Tab asks `complete`.
    pub fn input_with(&mut self, data: &str, complete: Completer<'_>) -> Reaction {
        let mut r = Reaction::default();
        for key in decode(data) {
            self.key(key, &mut r, complete);
        }
        r
    }

    /// The lesson's "run" button: replaces the line with `text` and presses Enter after each
    /// of its lines.
    pub fn run(&mut self, text: &str) -> Reaction {
        let mut r = Reaction::default();
        self.key(Key::KillToStart, &mut r, &no_completion);
        self.key(Key::KillToEnd, &mut r, &no_completion);
        for line in text.lines() {
            self.key(Key::Text(line.to_string()), &mut r, &no_completion);
            self.key(Key::Enter, &mut r, &no_completion);
        }
        r
    }

    fn key(&mut self, key: Key, r: &mut Reaction, complete: Completer<'_>) {
        if std::mem::take(&mut self.held_ctrl_p) {
            if key == Key::CtrlQ {
                // The typed line went to the container's shell; it stays there.
                self.finish_line();
                self.history.push("");
                r.commands.push(Command::Detach);
                return;
            }
            self.key(Key::Up, r, complete);
        }
        if key == Key::CtrlP && self.attached {
            self.held_ctrl_p = true;
            return;
        }
        let after_tab = std::mem::take(&mut self.after_tab);
        if self.origin.is_none() {
            // The first key of a line: it starts where the cursor is. At the right margin
            // the next character would wrap; start on the next row so rows count simply.
            if self.column.col() >= self.column.cols() {
                self.emit(r, "\r\n".into());
            }
            self.origin = Some(self.column.col());
        }
        let old = self.cursor;
        let len = self.line.len();
        match key {
            Key::Text(text) => {
                let chars: Vec<char> = text.chars().collect();
                let at_end = self.cursor == len;
                self.line.splice(self.cursor..self.cursor, chars.iter().copied());
                self.cursor += chars.len();
                if at_end && !self.at_margin(self.line.len()) {
                    self.emit(r, text);
                } else {
                    self.redraw(old, r);
                }
            }
            Key::Backspace if self.cursor > 0 => {
                self.line.remove(self.cursor - 1);
                self.cursor -= 1;
                if old == len && self.abs(old) % self.column.cols() != 0 {
                    self.emit(r, "\x08\x1b[K".into());
                } else {
                    self.redraw(old, r);
                }
            }
            Key::Delete if self.cursor < len => {
                self.line.remove(self.cursor);
                self.redraw(old, r);
            }
            Key::Left => self.move_to(self.cursor.saturating_sub(1), r),
            Key::Right => self.move_to((self.cursor + 1).min(len), r),
            Key::Home => self.move_to(0, r),
            Key::End => self.move_to(len, r),
            Key::WordLeft => self.move_to(self.word_start(), r),
            Key::WordRight => self.move_to(self.word_end(), r),
            Key::Up | Key::CtrlP => {
                let current = self.line();
                if let Some(entry) = self.history.back(&current).map(str::to_string) {
                    self.replace(&entry, r);
                }
            }
            Key::Down => {
                if let Some(entry) = self.history.forward().map(str::to_string) {
                    self.replace(&entry, r);
                }
            }
            Key::KillToStart => {
                self.line.drain(..self.cursor);
                self.cursor = 0;
                self.redraw(old, r);
            }
            Key::KillToEnd => {
                self.line.truncate(self.cursor);
                self.redraw(old, r);
            }
            Key::KillWord => {
                let start = self.word_start();
                self.line.drain(start..self.cursor);
                self.cursor = start;
                self.redraw(old, r);
            }
            Key::Enter => {
                let line = self.line();
                let to_end = self.goto(self.cursor, len);
                self.emit(r, format!("{to_end}\r\n"));
                self.finish_line();
                if self.history.push(&line) {
                    r.commands.push(Command::SaveHistory);
                }
                r.commands.push(Command::Submit(line));
            }
            Key::Interrupt => {
                let to_end = self.goto(self.cursor, len);
                self.emit(r, format!("{to_end}^C"));
                self.finish_line();
                self.history.push("");
                r.commands.push(Command::Interrupt);
            }
            Key::Eof if len == 0 => {
                self.finish_line();
                r.commands.push(Command::Eof);
            }
            Key::Eof if self.cursor < len => {
                self.line.remove(self.cursor);
                self.redraw(old, r);
            }
            Key::ClearScreen => r.commands.push(Command::ClearScreen),
            Key::Tab => {
                self.tab(complete, after_tab, r);
                self.after_tab = true;
            }
            Key::Backspace | Key::Delete | Key::Eof | Key::CtrlQ => {}
        }
    }

    /// Tab as bash does it: one match is completed (with a blank after it, or nothing after a
    /// directory's `/`); several complete as far as they agree, and a second Tab lists them.
    fn tab(&mut self, complete: Completer<'_>, second: bool, r: &mut Reaction) {
        let before: String = self.line[..self.cursor].iter().collect();
        let c = complete(&before);
        match c.matches.as_slice() {
            [] => {}
            [only] => {
                let mut text = escape(&only.word);
                if !only.dir {
                    text.push(' ');
                }
                self.replace_word(c.start, &text, r);
            }
            _ => {
                let prefix = c.common_prefix();
                if prefix.chars().count() > c.typed.chars().count() {
                    self.replace_word(c.start, &escape(&prefix), r);
                } else if second {
                    self.list(&c.shown(), r);
                }
            }
        }
    }

    /// Replaces the line from index `start` to the cursor with `text`.
    fn replace_word(&mut self, start: usize, text: &str, r: &mut Reaction) {
        let old = self.cursor;
        let start = start.min(self.cursor);
        let chars: Vec<char> = text.chars().collect();
        let n = chars.len();
        self.line.splice(start..self.cursor, chars);
        self.cursor = start + n;
        self.redraw(old, r);
    }

    /// Lists `items` in columns below the line, then draws the prompt and the line again.
    fn list(&mut self, items: &[String], r: &mut Reaction) {
        let to_end = self.goto(self.cursor, self.line.len());
        let mut out = format!("{to_end}\r\n");
        for row in columns(items, self.column.cols()) {
            out.push_str(&row);
            out.push_str("\r\n");
        }
        out.push_str(&self.prompt);
        self.emit(r, out);
        self.origin = None;
        let line = self.redraw_from_origin();
        r.echo.push_str(&line);
    }

    /// Forgets the line (it was submitted or abandoned); the next key starts a new one.
    fn finish_line(&mut self) {
        self.line.clear();
        self.cursor = 0;
        self.origin = None;
    }

    /// Writes `text` and follows the cursor through it.
    fn emit(&mut self, r: &mut Reaction, text: String) {
        self.column.advance(&text);
        r.echo.push_str(&text);
    }

    /// The absolute position of line index `i`: columns from the start of the origin's row.
    fn abs(&self, i: usize) -> usize {
        self.origin.unwrap_or(0) + i
    }

    /// Whether a line ending at index `i` leaves the cursor at the right margin.
    fn at_margin(&self, i: usize) -> bool {
        i > 0 && self.abs(i) % self.column.cols() == 0
    }

    /// Escape sequences moving the cursor from line index `from` to `to`.
    fn goto(&self, from: usize, to: usize) -> String {
        let w = self.column.cols();
        let (fr, tr) = (self.abs(from) / w, self.abs(to) / w);
        let mut s = String::new();
        if fr > tr {
            s.push_str(&format!("\x1b[{}A", fr - tr));
        } else if tr > fr {
            s.push_str(&format!("\x1b[{}B", tr - fr));
        }
        s.push('\r');
        let col = self.abs(to) % w;
        if col > 0 {
            s.push_str(&format!("\x1b[{col}C"));
        }
        s
    }

    fn move_to(&mut self, to: usize, r: &mut Reaction) {
        if to != self.cursor {
            let moves = self.goto(self.cursor, to);
            self.cursor = to;
            self.emit(r, moves);
        }
    }

    fn replace(&mut self, text: &str, r: &mut Reaction) {
        let old = self.cursor;
        self.line = text.chars().collect();
        self.cursor = self.line.len();
        self.redraw(old, r);
    }

    /// Redraws the line from its origin, the cursor having been at index `old`.
    fn redraw(&mut self, old: usize, r: &mut Reaction) {
        let back = self.goto(old, 0);
        self.emit(r, back);
        let rest = self.redraw_from_origin();
        r.echo.push_str(&rest);
    }

    /// With the cursor at the origin: draws the line, clears what is below, and puts the
    /// cursor at its index. Sets the origin if it was unset (after output).
    fn redraw_from_origin(&mut self) -> String {
        if self.origin.is_none() {
            if self.column.col() >= self.column.cols() {
                self.column.advance("\r\n");
                self.origin = Some(0);
                return format!("\r\n{}", self.redraw_from_origin());
            }
            self.origin = Some(self.column.col());
        }
        let len = self.line.len();
        let mut s = String::from("\x1b[J");
        s.extend(self.line.iter());
        if self.at_margin(len) {
            s.push_str("\r\n");
        }
        s.push_str(&self.goto(len, self.cursor));
        self.column.advance(&s);
        s
    }

    fn word_start(&self) -> usize {
        let mut i = self.cursor;
        while i > 0 && self.line[i - 1].is_whitespace() {
            i -= 1;
        }
        while i > 0 && !self.line[i - 1].is_whitespace() {
            i -= 1;
        }
        i
    }

    fn word_end(&self) -> usize {
        let mut i = self.cursor;
        while i < self.line.len() && self.line[i].is_whitespace() {
            i += 1;
        }
        while i < self.line.len() && !self.line[i].is_whitespace() {
            i += 1;
        }
        i
    }
}

#[cfg(test)]
mod tests;
