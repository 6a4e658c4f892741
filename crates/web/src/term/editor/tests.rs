//! The editor against a tiny VT100 screen (the subset it and the simulator emit), so wrapped
//! lines, redraws and cursor moves are checked by what a learner would see.

use super::*;

/// A screen `cols` wide that grows downwards (no scrolling needed for these tests).
struct Screen {
    rows: Vec<Vec<char>>,
    cols: usize,
    row: usize,
    col: usize,
    pending_wrap: bool,
}

impl Screen {
    fn new(cols: usize) -> Screen {
        Screen { rows: vec![vec![' '; cols]], cols, row: 0, col: 0, pending_wrap: false }
    }

    fn ensure_row(&mut self) {
        while self.rows.len() <= self.row {
            self.rows.push(vec![' '; self.cols]);
        }
    }

    fn write(&mut self, s: &str) {
        let mut it = s.chars().peekable();
        while let Some(c) = it.next() {
            match c {
                '\x1b' => {
                    assert_eq!(it.next(), Some('['), "only CSI sequences are expected");
                    let mut params = String::new();
                    let last = loop {
                        let c = it.next().expect("complete sequence");
                        if c.is_ascii_alphabetic() {
                            break c;
                        }
                        params.push(c);
                    };
                    let n: usize = params.parse().unwrap_or(1);
                    self.pending_wrap = false;
                    match last {
                        'A' => self.row -= n,
                        'B' => self.row += n,
                        'C' => self.col = (self.col + n).min(self.cols - 1),
                        'D' => self.col = self.col.saturating_sub(n),
                        'K' => self.rows[self.row][self.col..].iter_mut().for_each(|c| *c = ' '),
                        'J' => {
                            self.rows[self.row][self.col..].iter_mut().for_each(|c| *c = ' ');
                            self.rows.truncate(self.row + 1);
                        }
                        other => panic!("unexpected CSI {other}"),
                    }
                    self.ensure_row();
                }
                '\r' => {
                    self.col = 0;
                    self.pending_wrap = false;
                }
                '\n' => {
                    self.row += 1;
                    self.pending_wrap = false;
                    self.ensure_row();
                }
                '\x08' => {
                    self.pending_wrap = false;
                    self.col = self.col.saturating_sub(1);
                }
                c => {
                    if self.pending_wrap {
                        self.row += 1;
                        self.col = 0;
                        self.pending_wrap = false;
                        self.ensure_row();
                    }
                    self.rows[self.row][self.col] = c;
                    if self.col + 1 == self.cols {
                        self.pending_wrap = true;
                    } else {
                        self.col += 1;
                    }
                }
            }
        }
    }

    fn text(&self) -> String {
        let lines: Vec<String> = self.rows.iter().map(|r| r.iter().collect::<String>().trim_end().to_string()).collect();
        lines.join("\n").trim_end().to_string()
    }
}

/// An editor and a screen that already shows the prompt.
fn setup(cols: usize, prompt: &str) -> (LineEditor, Screen) {
    let mut ed = LineEditor::new(cols, History::default());
    let mut screen = Screen::new(cols);
    screen.write(&ed.output(prompt));
    (ed, screen)
}

fn type_keys(ed: &mut LineEditor, screen: &mut Screen, data: &str) -> Vec<Command> {
    let r = ed.input(data);
    screen.write(&r.echo);
    r.commands
}

#[test]
fn typing_and_enter_echo_and_submit_the_line() {
    let (mut ed, mut screen) = setup(40, "# ");
    let cmds = type_keys(&mut ed, &mut screen, "echo hi\r");
    assert_eq!(cmds, vec![Command::SaveHistory, Command::Submit("echo hi".into())]);
    assert_eq!(screen.text(), "# echo hi");
    assert_eq!((screen.row, screen.col), (1, 0));
}

#[test]
fn editing_in_the_middle_redraws_the_rest_of_the_line() {
    let (mut ed, mut screen) = setup(40, "# ");
    type_keys(&mut ed, &mut screen, "echo wrld");
    type_keys(&mut ed, &mut screen, "\x1b[D\x1b[D\x1b[D");
    type_keys(&mut ed, &mut screen, "o");
    assert_eq!(screen.text(), "# echo world");
    assert_eq!(screen.col, 9, "the cursor stays after the inserted character");
    type_keys(&mut ed, &mut screen, "\x01\x1b[3~\x1b[3~\x1b[3~\x1b[3~\x1b[3~");
    assert_eq!(screen.text(), "# world");
    type_keys(&mut ed, &mut screen, "\x1b[F\x7f\x7f");
    assert_eq!(screen.text(), "# wor");
    assert_eq!(ed.line(), "wor");
}

#[test]
fn a_line_longer_than_the_terminal_wraps_and_edits_across_rows() {
    let (mut ed, mut screen) = setup(10, "# ");
    type_keys(&mut ed, &mut screen, "abcdefgh");
    assert_eq!(screen.text(), "# abcdefgh");
    assert_eq!((screen.row, screen.col), (1, 0), "exactly at the margin the cursor goes to the next row");
    type_keys(&mut ed, &mut screen, "ijk");
    assert_eq!(screen.text(), "# abcdefgh\nijk");
    type_keys(&mut ed, &mut screen, "\x01X");
    assert_eq!(screen.text(), "# Xabcdefg\nhijk");
    assert_eq!((screen.row, screen.col), (0, 3));
    type_keys(&mut ed, &mut screen, "\x05\x7f\x7f\x7f\x7f\x7f");
    assert_eq!(screen.text(), "# Xabcdef");
    assert_eq!(ed.line(), "Xabcdef");
    type_keys(&mut ed, &mut screen, "\r");
    assert_eq!((screen.row, screen.col), (1, 0));
}

#[test]
fn history_recalls_previous_lines_and_the_draft() {
    let (mut ed, mut screen) = setup(40, "# ");
    type_keys(&mut ed, &mut screen, "ls /\r");
    screen.write(&ed.output("bin\r\n# "));
    type_keys(&mut ed, &mut screen, "ps\r");
    screen.write(&ed.output("# "));
    type_keys(&mut ed, &mut screen, "ech");
    type_keys(&mut ed, &mut screen, "\x1b[A");
    assert_eq!(ed.line(), "ps");
    type_keys(&mut ed, &mut screen, "\x1b[A");
    assert_eq!(ed.line(), "ls /");
    assert!(screen.text().ends_with("# ls /"));
    type_keys(&mut ed, &mut screen, "\x1b[B\x1b[B");
    assert_eq!(ed.line(), "ech");
    assert!(screen.text().ends_with("# ech"));
}

#[test]
fn ctrl_c_shows_caret_c_and_drops_the_line_ctrl_d_sends_eof_only_when_empty() {
    let (mut ed, mut screen) = setup(40, "# ");
    let cmds = type_keys(&mut ed, &mut screen, "sleep 9\x01\x03");
    assert_eq!(cmds, vec![Command::Interrupt]);
    assert_eq!(screen.text(), "# sleep 9^C");
    assert_eq!(ed.line(), "");
    screen.write(&ed.output("\r\n# "));
    assert_eq!(type_keys(&mut ed, &mut screen, "ab\x01\x04"), vec![]);
    assert_eq!(ed.line(), "b");
    assert_eq!(type_keys(&mut ed, &mut screen, "\x0b\x04"), vec![Command::Eof]);
}

#[test]
fn output_while_typing_takes_the_line_off_and_puts_it_back_after() {
    let (mut ed, mut screen) = setup(40, "# ");
    type_keys(&mut ed, &mut screen, "echo half");
    screen.write(&ed.output("[1]+  Done  sleep 1\r\n# "));
    assert_eq!(screen.text(), "# [1]+  Done  sleep 1\n# echo half");
    type_keys(&mut ed, &mut screen, "!\r");
    assert_eq!(screen.text(), "# [1]+  Done  sleep 1\n# echo half!");
}

#[test]
fn the_run_button_replaces_the_line_and_submits_each_line() {
    let (mut ed, mut screen) = setup(40, "# ");
    type_keys(&mut ed, &mut screen, "junk");
    let r = ed.run("hostname\nps");
    screen.write(&r.echo);
    assert_eq!(
        r.commands,
        vec![Command::SaveHistory, Command::Submit("hostname".into()), Command::SaveHistory, Command::Submit("ps".into())]
    );
    assert_eq!(screen.text(), "# hostname\nps");
}

#[test]
fn word_moves_and_kills() {
    let (mut ed, mut screen) = setup(40, "$ ");
    type_keys(&mut ed, &mut screen, "docker run  alpine");
    type_keys(&mut ed, &mut screen, "\x1bb\x1bb");
    type_keys(&mut ed, &mut screen, "-it ");
    assert_eq!(ed.line(), "docker -it run  alpine");
    type_keys(&mut ed, &mut screen, "\x05\x17");
    assert_eq!(ed.line(), "docker -it run  ");
    type_keys(&mut ed, &mut screen, "\x01\x1bf\x0b");
    assert_eq!(ed.line(), "docker");
    assert_eq!(screen.text(), "$ docker");
}
