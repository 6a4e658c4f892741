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

/// A completer over a fixed list of words, like the first word of a line.
fn fixed(words: &'static [&'static str]) -> impl Fn(&str) -> Completion {
    move |before: &str| {
        let start = before.rfind(' ').map_or(0, |i| i + 1);
        let typed = &before[start..];
        let matches = words
            .iter()
            .filter(|w| w.starts_with(typed))
            .map(|w| super::super::complete::Match { word: w.to_string(), dir: w.ends_with('/') })
            .collect();
        Completion { start: before[..start].chars().count(), typed: typed.to_string(), matches, paths: false }
    }
}

fn tab(ed: &mut LineEditor, screen: &mut Screen, data: &str, complete: &dyn Fn(&str) -> Completion) -> Vec<Command> {
    let r = ed.input_with(data, complete);
    screen.write(&r.echo);
    r.commands
}

#[test]
fn tab_completes_a_unique_match_with_a_blank_and_a_directory_with_its_slash() {
    let (mut ed, mut screen) = setup(40, "~ # ");
    let words = fixed(&["docker", "dockerd", "date", "/etc/"]);
    tab(&mut ed, &mut screen, "da\t", &words);
    assert_eq!(ed.line(), "date ");
    assert_eq!(screen.text(), "~ # date");
    tab(&mut ed, &mut screen, "/e\t", &words);
    assert_eq!(ed.line(), "date /etc/");
    assert_eq!(screen.text(), "~ # date /etc/");
    assert_eq!(screen.col, 14, "the cursor ends after the completion");
}

#[test]
fn several_matches_complete_their_common_start_and_a_second_tab_lists_them() {
    let (mut ed, mut screen) = setup(40, "~ # ");
    let words = fixed(&["date", "docker", "docker-init", "dockerd"]);
    tab(&mut ed, &mut screen, "do\t", &words);
    assert_eq!(ed.line(), "docker");
    tab(&mut ed, &mut screen, "\t", &words);
    assert_eq!(screen.text(), "~ # docker\ndocker       docker-init  dockerd\n~ # docker");
    assert_eq!((screen.row, screen.col), (2, 10), "the prompt and line are drawn again below");
    // Typing goes on in the redrawn line; one Tab alone after other keys lists nothing.
    tab(&mut ed, &mut screen, "d\t", &words);
    assert_eq!(ed.line(), "dockerd ");
    let rows = screen.text().lines().count();
    tab(&mut ed, &mut screen, "\x15docker\t", &words);
    assert_eq!(screen.text().lines().count(), rows, "no list after a single Tab");
    assert!(screen.text().ends_with("\n~ # docker"));
}

#[test]
fn ctrl_p_ctrl_q_detaches_only_while_attached() {
    let (mut ed, mut screen) = setup(40, "/ # ");
    type_keys(&mut ed, &mut screen, "ls\r");
    screen.write(&ed.output("bin\r\n/ # "));
    // Not attached: Ctrl-P recalls history, Ctrl-Q does nothing.
    assert_eq!(type_keys(&mut ed, &mut screen, "\x10\x11"), vec![]);
    assert_eq!(ed.line(), "ls");
    type_keys(&mut ed, &mut screen, "\x15");
    ed.set_attached(true);
    // Attached: Ctrl-P waits for the next key; Ctrl-Q makes it the detach sequence.
    assert_eq!(type_keys(&mut ed, &mut screen, "ech\x10"), vec![]);
    assert_eq!(ed.line(), "ech");
    assert_eq!(type_keys(&mut ed, &mut screen, "\x11"), vec![Command::Detach]);
    assert_eq!(ed.line(), "");
    // Ctrl-P followed by another key is history, then that key.
    type_keys(&mut ed, &mut screen, "\x10x");
    assert_eq!(ed.line(), "lsx");
}
