//! Where the cursor is on its row, tracked from everything written to the terminal.
//!
//! xterm.js parses writes asynchronously, so its own cursor position lags behind what was just
//! written; the line editor needs the column the prompt ended at the moment the first key
//! arrives. Tracking it here from the byte stream is exact for what the simulator prints
//! (text, `\r\n`, SGR colours, a few cursor moves) and needs no DOM.

/// The cursor column, `0..=cols`; `cols` means "at the right margin, the next character wraps"
/// (the VT100 pending-wrap state).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    col: usize,
    cols: usize,
    /// Parser state between writes: inside an escape sequence.
    esc: Esc,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Esc {
    None,
    /// After `ESC`.
    Start,
    /// Inside `ESC [`, with the parameters so far.
    Csi(String),
    /// Inside `ESC ]` until BEL or `ESC \`.
    Osc,
}

impl Column {
    /// A cursor at column 0 of a terminal `cols` wide.
    pub fn new(cols: usize) -> Column {
        Column { col: 0, cols: cols.max(1), esc: Esc::None }
    }

    /// The column (may equal [`Column::cols`] in the pending-wrap state).
    pub fn col(&self) -> usize {
        self.col
    }

    /// The terminal's width.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// The terminal was resized; xterm.js keeps the cursor's column, clamped.
    pub fn resize(&mut self, cols: usize) {
        self.cols = cols.max(1);
        self.col = self.col.min(self.cols - 1);
    }

    /// Follows the cursor through `text` as the terminal will draw it.
    pub fn advance(&mut self, text: &str) {
        for c in text.chars() {
            self.step(c);
        }
    }

    fn clamp(&mut self) {
        self.col = self.col.min(self.cols - 1);
    }

    fn step(&mut self, c: char) {
        match std::mem::replace(&mut self.esc, Esc::None) {
            Esc::Start => {
                self.esc = match c {
                    '[' => Esc::Csi(String::new()),
                    ']' => Esc::Osc,
                    _ => Esc::None,
                };
                return;
            }
            Esc::Csi(mut params) => {
                if ('\x40'..='\x7e').contains(&c) {
                    self.csi(&params, c);
                } else {
                    params.push(c);
                    self.esc = Esc::Csi(params);
                }
                return;
            }
            Esc::Osc => {
                if c != '\x07' && c != '\x1b' {
                    self.esc = Esc::Osc;
                }
                return;
            }
            Esc::None => {}
        }
        match c {
            '\x1b' => self.esc = Esc::Start,
            '\r' => self.col = 0,
            '\n' | '\x0b' | '\x0c' => self.clamp(),
            '\x08' => {
                self.clamp();
                self.col = self.col.saturating_sub(1);
            }
            '\t' => self.col = ((self.col / 8 + 1) * 8).min(self.cols - 1),
            c if c.is_control() => {}
            _ => {
                if self.col >= self.cols {
                    self.col = 0;
                }
                self.col += 1;
            }
        }
    }

    fn csi(&mut self, params: &str, last: char) {
        let mut nums = params.split(';').map(|p| p.trim_start_matches('?').parse::<usize>().unwrap_or(0));
        let first = nums.next().unwrap_or(0);
        let n = first.max(1);
        match last {
            'C' => self.col = (self.col.min(self.cols - 1) + n).min(self.cols - 1),
            'D' => self.col = self.col.min(self.cols - 1).saturating_sub(n),
            'G' | '`' => self.col = (n - 1).min(self.cols - 1),
            'H' | 'f' => self.col = (nums.next().unwrap_or(1).max(1) - 1).min(self.cols - 1),
            'A' | 'B' | 'E' | 'F' | 'J' | 'K' => {
                if matches!(last, 'E' | 'F') {
                    self.col = 0;
                }
                self.clamp();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_wraps_and_returns_move_the_column() {
        let mut c = Column::new(10);
        c.advance("root@wharf:~# ");
        assert_eq!(c.col(), 4, "14 characters on a 10-wide terminal wrap once");
        c.advance("\r\n");
        assert_eq!(c.col(), 0);
        c.advance("0123456789");
        assert_eq!(c.col(), 10, "pending wrap at the margin");
        c.advance("x");
        assert_eq!(c.col(), 1);
    }

    #[test]
    fn escape_sequences_move_or_keep_the_cursor_even_when_split_across_writes() {
        let mut c = Column::new(80);
        c.advance("\x1b[1;32mok\x1b[0m ");
        assert_eq!(c.col(), 3);
        c.advance("\x1b[");
        c.advance("5C");
        assert_eq!(c.col(), 8);
        c.advance("\x1b[2D\x1b[K");
        assert_eq!(c.col(), 6);
        c.advance("\x1b[12G\x1b]0;title\x07");
        assert_eq!(c.col(), 11);
        c.advance("\x1b[3;4H");
        assert_eq!(c.col(), 3);
    }
}
