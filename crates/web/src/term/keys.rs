//! Decoding what xterm.js reports as typed (`onData`): printable text, control characters and
//! the escape sequences of the editing keys, in both cursor-key modes.

/// One key (or a run of printable text, e.g. a paste without newlines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// Printable text to insert.
    Text(String),
    /// Enter (`\r`; a pasted `\n` too).
    Enter,
    /// Backspace (`DEL` or `^H`).
    Backspace,
    /// Delete (`ESC [3~`).
    Delete,
    /// Cursor left (also `^B`).
    Left,
    /// Cursor right (also `^F`).
    Right,
    /// History back.
    Up,
    /// `^P`: history back, or the start of Docker's detach sequence while attached.
    CtrlP,
    /// `^Q`: ends Docker's detach sequence.
    CtrlQ,
    /// History forward (also `^N`).
    Down,
    /// Start of line (also `^A`).
    Home,
    /// End of line (also `^E`).
    End,
    /// A word left (`Ctrl-Left`, `Alt-b`).
    WordLeft,
    /// A word right (`Ctrl-Right`, `Alt-f`).
    WordRight,
    /// `^C`.
    Interrupt,
    /// `^D`.
    Eof,
    /// `^L`.
    ClearScreen,
    /// `^U`: delete to the start of the line.
    KillToStart,
    /// `^K`: delete to the end of the line.
    KillToEnd,
    /// `^W`: delete the word before the cursor.
    KillWord,
    /// Tab: completion.
    Tab,
}

/// Splits one `onData` payload into keys. Unknown escape sequences and control characters are
/// dropped, so a stray function key never lands in a command line.
pub fn decode(data: &str) -> Vec<Key> {
    let mut keys = Vec::new();
    let mut text = String::new();
    let mut chars = data.chars().peekable();
    while let Some(c) = chars.next() {
        let key = match c {
            '\x1b' => escape(&mut chars),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                Some(Key::Enter)
            }
            '\n' => Some(Key::Enter),
            '\x7f' | '\x08' => Some(Key::Backspace),
            '\x01' => Some(Key::Home),
            '\x02' => Some(Key::Left),
            '\x03' => Some(Key::Interrupt),
            '\x04' => Some(Key::Eof),
            '\x05' => Some(Key::End),
            '\x06' => Some(Key::Right),
            '\t' => Some(Key::Tab),
            '\x0b' => Some(Key::KillToEnd),
            '\x0c' => Some(Key::ClearScreen),
            '\x0e' => Some(Key::Down),
            '\x10' => Some(Key::CtrlP),
            '\x11' => Some(Key::CtrlQ),
            '\x15' => Some(Key::KillToStart),
            '\x17' => Some(Key::KillWord),
            c if c.is_control() => None,
            c => {
                text.push(c);
                continue;
            }
        };
        if !text.is_empty() {
            keys.push(Key::Text(std::mem::take(&mut text)));
        }
        keys.extend(key);
    }
    if !text.is_empty() {
        keys.push(Key::Text(text));
    }
    keys
}

/// The rest of an escape sequence after `ESC`: CSI (`ESC [`), SS3 (`ESC O`) or Alt+key.
fn escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<Key> {
    match chars.next()? {
        '[' => {
            let mut params = String::new();
            while let Some(&c) = chars.peek() {
                chars.next();
                if ('\x40'..='\x7e').contains(&c) {
                    return csi(&params, c);
                }
                params.push(c);
            }
            None
        }
        'O' => match chars.next()? {
            'A' => Some(Key::Up),
            'B' => Some(Key::Down),
            'C' => Some(Key::Right),
            'D' => Some(Key::Left),
            'H' => Some(Key::Home),
            'F' => Some(Key::End),
            _ => None,
        },
        'b' => Some(Key::WordLeft),
        'f' => Some(Key::WordRight),
        '\x7f' => Some(Key::KillWord),
        _ => None,
    }
}

/// A CSI sequence by its parameters and final byte (`1;5D` is Ctrl-Left).
fn csi(params: &str, last: char) -> Option<Key> {
    let ctrl = params.ends_with(";5") || params.ends_with(";3");
    match (last, params) {
        ('A', _) => Some(Key::Up),
        ('B', _) => Some(Key::Down),
        ('C', _) if ctrl => Some(Key::WordRight),
        ('D', _) if ctrl => Some(Key::WordLeft),
        ('C', _) => Some(Key::Right),
        ('D', _) => Some(Key::Left),
        ('H', _) | ('~', "1" | "7") => Some(Key::Home),
        ('F', _) | ('~', "4" | "8") => Some(Key::End),
        ('~', "3") => Some(Key::Delete),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_control_keys_and_escape_sequences() {
        assert_eq!(decode("ls -l"), vec![Key::Text("ls -l".into())]);
        assert_eq!(decode("ab\x7f\r"), vec![Key::Text("ab".into()), Key::Backspace, Key::Enter]);
        assert_eq!(decode("\x1b[D\x1b[C\x1bOA\x1b[B"), vec![Key::Left, Key::Right, Key::Up, Key::Down]);
        assert_eq!(decode("\x1b[H\x1b[F\x1b[1~\x1b[4~\x1b[3~"), vec![Key::Home, Key::End, Key::Home, Key::End, Key::Delete]);
        assert_eq!(decode("\x1b[1;5D\x1b[1;5C\x1bb"), vec![Key::WordLeft, Key::WordRight, Key::WordLeft]);
        assert_eq!(decode("\x03\x04\x0c\x15\x0b\x17"), vec![Key::Interrupt, Key::Eof, Key::ClearScreen, Key::KillToStart, Key::KillToEnd, Key::KillWord]);
        assert_eq!(decode("\t\x10\x11"), vec![Key::Tab, Key::CtrlP, Key::CtrlQ]);
    }

    #[test]
    fn a_multi_line_paste_becomes_lines_and_enters() {
        assert_eq!(
            decode("echo a\r\necho b\n"),
            vec![Key::Text("echo a".into()), Key::Enter, Key::Text("echo b".into()), Key::Enter]
        );
    }

    #[test]
    fn unknown_sequences_and_controls_are_dropped() {
        assert_eq!(decode("\x1b[15~x\x1b[200~\x00"), vec![Key::Text("x".into())]);
        assert_eq!(decode("é🐳"), vec![Key::Text("é🐳".into())]);
    }
}
