//! Column alignment the way the docker CLI does it: Go's `text/tabwriter`, configured as
//! `tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)` (minimum width 10, padding 3, spaces).
//!
//! The algorithm is tabwriter's, not a simplification of it, because Docker's output depends on
//! its corners:
//! - a line is a sequence of cells; every cell but the last is *tab-terminated*, and only
//!   tab-terminated cells belong to columns, so the last cell of a line is never padded (a row
//!   whose last cell is empty still pads the one before it, which is why `docker history` lines
//!   end in spaces);
//! - a column is a *block* of consecutive lines that all have a tab-terminated cell at that
//!   index; its width is `max(minwidth, widest cell + padding)`, counted in characters (runes),
//!   and a line with fewer cells ends the block;
//! - a form feed (`\f`) ends the line and every block, and is written as a newline.

/// One cell: its text and its width in characters.
#[derive(Debug, Clone)]
struct Cell {
    text: String,
    width: usize,
}

/// A table being written: cells in, aligned text out. See the module docs for the rules.
#[derive(Debug, Clone)]
pub struct Table {
    min_width: usize,
    padding: usize,
    /// Finished lines, each with whether a form feed ended it.
    lines: Vec<(Vec<Cell>, bool)>,
    /// Tab-terminated cells of the line being written.
    cur: Vec<Cell>,
    /// Text of the cell being written.
    cell: String,
}

impl Default for Table {
    fn default() -> Self {
        Table::new()
    }
}

impl Table {
    /// A table with Docker's layout: minimum column width 10, padding 3.
    pub fn new() -> Table {
        Table::with_layout(10, 3)
    }

    /// A table with another minimum column width and padding (tabwriter's `minwidth` and
    /// `padding`; the pad character is always a space).
    pub fn with_layout(min_width: usize, padding: usize) -> Table {
        Table { min_width, padding, lines: Vec::new(), cur: Vec::new(), cell: String::new() }
    }

    /// Adds a row. Cells are taken literally (a tab inside a cell does not split it); the row
    /// ends with a newline.
    pub fn row<I, S>(&mut self, cells: I) -> &mut Table
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut cells = cells.into_iter().peekable();
        while let Some(c) = cells.next() {
            self.cell.push_str(&c.into());
            if cells.peek().is_some() {
                self.end_cell();
            }
        }
        self.end_line(false);
        self
    }

    /// Writes raw text as Docker writes a template's output into its tabwriter: `\t` and `\v`
    /// end a cell, `\n` ends a line, `\f` ends a line and every column block.
    pub fn text(&mut self, s: &str) -> &mut Table {
        for ch in s.chars() {
            match ch {
                '\t' | '\u{b}' => self.end_cell(),
                '\n' => self.end_line(false),
                '\u{c}' => self.end_line(true),
                _ => self.cell.push(ch),
            }
        }
        self
    }

    /// The aligned text. A final line that was not ended by a newline is written without one.
    pub fn render(&self) -> String {
        let mut lines: Vec<(Vec<Cell>, bool)> = self.lines.clone();
        let partial = !self.cur.is_empty() || !self.cell.is_empty();
        if partial {
            let mut last = self.cur.clone();
            if !self.cell.is_empty() {
                last.push(Cell { text: self.cell.clone(), width: self.cell.chars().count() });
            }
            lines.push((last, false));
        }
        let mut out = String::new();
        let mut start = 0;
        for i in 0..lines.len() {
            let segment_ends = lines[i].1 || i + 1 == lines.len();
            if segment_ends {
                let cells: Vec<&[Cell]> = lines[start..=i].iter().map(|(c, _)| c.as_slice()).collect();
                let last_is_partial = partial && i + 1 == lines.len();
                let mut w = Writer { table: self, lines: &cells, out: &mut out, last_is_partial };
                w.format(&mut Vec::new(), 0, cells.len());
                start = i + 1;
            }
        }
        out
    }

    fn end_cell(&mut self) {
        let text = std::mem::take(&mut self.cell);
        let width = text.chars().count();
        self.cur.push(Cell { text, width });
    }

    fn end_line(&mut self, form_feed: bool) {
        self.end_cell();
        let line = std::mem::take(&mut self.cur);
        self.lines.push((line, form_feed));
    }
}

/// One pass of tabwriter's `format` over a segment of lines (between form feeds).
struct Writer<'a> {
    table: &'a Table,
    lines: &'a [&'a [Cell]],
    out: &'a mut String,
    last_is_partial: bool,
}

impl Writer<'_> {
    /// Formats lines `line0..line1`, knowing the widths of the columns left of `widths.len()`.
    fn format(&mut self, widths: &mut Vec<usize>, mut line0: usize, line1: usize) {
        let column = widths.len();
        let has_column = |line: &[Cell]| column + 1 < line.len();
        let mut this = line0;
        while this < line1 {
            if !has_column(self.lines[this]) {
                this += 1;
                continue;
            }
            // A block of this column starts here: print what precedes it, then measure it.
            self.write_lines(widths, line0, this);
            line0 = this;
            let mut width = self.table.min_width;
            while this < line1 && has_column(self.lines[this]) {
                width = width.max(self.lines[this][column].width + self.table.padding);
                this += 1;
            }
            widths.push(width);
            self.format(widths, line0, this);
            widths.pop();
            line0 = this;
        }
        self.write_lines(widths, line0, line1);
    }

    fn write_lines(&mut self, widths: &[usize], line0: usize, line1: usize) {
        for i in line0..line1 {
            for (j, cell) in self.lines[i].iter().enumerate() {
                self.out.push_str(&cell.text);
                if let Some(&w) = widths.get(j) {
                    self.out.extend(std::iter::repeat_n(' ', w.saturating_sub(cell.width)));
                }
            }
            if !(self.last_is_partial && i + 1 == self.lines.len()) {
                self.out.push('\n');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.split('\n').map(str::to_string).collect()
    }

    #[test]
    fn docker_images_layout() {
        // shared/reference/docker/docker-images.txt
        let mut t = Table::new();
        t.row(["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"]);
        t.row(["probe-build", "bkhost", "b6bc81fbf70c", "59 seconds ago", "1.99MB"]);
        t.row(["probe-build", "bk", "27d663d478f9", "About a minute ago", "1.99MB"]);
        t.row(["probe-build", "legacy", "03813ba8e177", "About a minute ago", "1.99MB"]);
        t.row(["busybox", "latest", "55d09268a59e", "2 minutes ago", "1.99MB"]);
        t.row(["localhost:5000/busybox", "1.35", "55d09268a59e", "2 minutes ago", "1.99MB"]);
        let want = "\
REPOSITORY               TAG       IMAGE ID       CREATED              SIZE
probe-build              bkhost    b6bc81fbf70c   59 seconds ago       1.99MB
probe-build              bk        27d663d478f9   About a minute ago   1.99MB
probe-build              legacy    03813ba8e177   About a minute ago   1.99MB
busybox                  latest    55d09268a59e   2 minutes ago        1.99MB
localhost:5000/busybox   1.35      55d09268a59e   2 minutes ago        1.99MB
";
        assert_eq!(t.render(), want);
    }

    #[test]
    fn empty_last_cell_still_pads_the_one_before() {
        let mut t = Table::new();
        t.row(["IMAGE", "SIZE", "COMMENT"]);
        t.row(["55d09268a59e", "1.99MB", "Imported from -"]);
        t.row(["03813ba8e177", "0B", ""]);
        assert_eq!(
            lines(&t.render()),
            [
                "IMAGE          SIZE      COMMENT",
                "55d09268a59e   1.99MB    Imported from -",
                "03813ba8e177   0B        ",
                "",
            ]
        );
    }

    #[test]
    fn widths_count_characters_not_bytes() {
        let mut t = Table::new();
        t.row(["héllo wörld…", "x"]);
        t.row(["a", "y"]);
        assert_eq!(t.render(), "héllo wörld…   x\na              y\n");
    }

    #[test]
    fn a_line_without_the_column_ends_the_block() {
        // tabwriter's own example shape: the short line splits column 0 into two blocks.
        let mut t = Table::with_layout(0, 1);
        t.text("aaaa\tb\tc\nx\ty\nno tabs here\nz\tw\n");
        assert_eq!(t.render(), "aaaa b c\nx    y\nno tabs here\nz w\n");
        // Column 1 exists only on the first line, so only that line pads it.
        let mut t = Table::with_layout(0, 1);
        t.text("a\tbbbbbb\tc\na\tb\n");
        assert_eq!(t.render(), "a bbbbbb c\na b\n");
    }

    #[test]
    fn text_and_rows_agree_and_partial_lines_have_no_newline() {
        let mut a = Table::new();
        a.text("ID\tNAME\n1\tweb\n");
        let mut b = Table::new();
        b.row(["ID", "NAME"]).row(["1", "web"]);
        assert_eq!(a.render(), b.render());
        assert_eq!(a.render(), "ID        NAME\n1         web\n");
        let mut p = Table::new();
        p.text("a\tb\nc\td");
        assert_eq!(p.render(), "a         b\nc         d");
        assert_eq!(Table::new().render(), "");
    }

    #[test]
    fn form_feed_breaks_blocks() {
        let mut t = Table::with_layout(0, 1);
        t.text("aaaaaa\tb\n\u{c}c\td\n");
        assert_eq!(t.render(), "aaaaaa b\n\nc d\n");
    }

    #[test]
    fn cells_are_literal_in_rows() {
        let mut t = Table::with_layout(0, 1);
        t.row(["a\tb", "c"]);
        assert_eq!(t.render(), "a\tb c\n");
    }
}
