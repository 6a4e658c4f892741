//! The terminal's line editor, the browser half of a canonical-mode tty: it echoes keys,
//! edits the line (←/→, Home/End, Backspace/Delete, Ctrl-U/K/W, word moves), recalls
//! history (↑/↓), and hands whole lines, Ctrl-C and Ctrl-D to the session.
//!
//! Every byte for xterm.js goes through it, output included, so it always knows where the
//! cursor is ([`Column`]) and can redraw a line that wraps over several rows, or put an
//! unfinished line back after a program printed in the middle of it.

use super::column::Column;
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
}

impl LineEditor {
    /// An editor for a terminal `cols` wide, with a restored history.
    pub fn new(cols: usize, history: History) -> LineEditor {
        LineEditor { line: Vec::new(), cursor: 0, origin: None, column: Column::new(cols), history }
    }

    /// The line typed so far.
    pub fn line(&self) -> String {
        self.line.iter().collect()
    }

    /// The history, to store.
    pub fn history(&self) -> &History {
        &self.history
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
        if editing {
            let redraw = self.redraw_from_origin();
            out.push_str(&redraw);
        }
        out
    }

    /// Keys from xterm.js's `onData`.
    pub fn input(&mut self, data: &str) -> Reaction {
        let mut r = Reaction::default();
        for key in decode(data) {
            self.key(key, &mut r);
        }
        r
    }

    /// The lesson's "run" button: replaces the line with `text` and presses Enter after each
    /// of its lines.
    pub fn run(&mut self, text: &str) -> Reaction {
        let mut r = Reaction::default();
        self.key(Key::KillToStart, &mut r);
        self.key(Key::KillToEnd, &mut r);
        for line in text.lines() {
            self.key(Key::Text(line.to_string()), &mut r);
            self.key(Key::Enter, &mut r);
        }
        r
    }

    fn key(&mut self, key: Key, r: &mut Reaction) {
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
            Key::Up => {
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
            Key::Backspace | Key::Delete | Key::Eof | Key::Tab => {}
        }
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
