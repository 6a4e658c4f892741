//! File modes: parsing `chmod`'s octal and symbolic modes, and drawing `-rwxr-xr-x`.

use wharf_engine::fs::FileKind;

/// The type letter `ls -l` and `stat` show.
pub fn type_char(kind: FileKind) -> char {
    match kind {
        FileKind::File => '-',
        FileKind::Dir => 'd',
        FileKind::Symlink => 'l',
        FileKind::CharDevice => 'c',
        FileKind::BlockDevice => 'b',
        FileKind::Fifo => 'p',
        FileKind::Socket => 's',
    }
}

/// `-rwxr-xr-x`, with setuid/setgid/sticky letters.
pub fn mode_string(kind: FileKind, mode: u32) -> String {
    let mut s = String::with_capacity(10);
    s.push(type_char(kind));
    let bit = |m: u32, c: char| if mode & m != 0 { c } else { '-' };
    let special = |x: u32, sp: u32, on: char, off: char| match (mode & x != 0, mode & sp != 0) {
        (true, true) => on,
        (false, true) => off,
        (true, false) => 'x',
        (false, false) => '-',
    };
    s.push(bit(0o400, 'r'));
    s.push(bit(0o200, 'w'));
    s.push(special(0o100, 0o4000, 's', 'S'));
    s.push(bit(0o040, 'r'));
    s.push(bit(0o020, 'w'));
    s.push(special(0o010, 0o2000, 's', 'S'));
    s.push(bit(0o004, 'r'));
    s.push(bit(0o002, 'w'));
    s.push(special(0o001, 0o1000, 't', 'T'));
    s
}

/// Applies a mode argument (`755`, `u+x,go-w`, `a=r`, `+X`) to `current`. `umask` limits
/// clauses that name no user class, as `chmod` does. `None`: not a valid mode.
pub fn apply(spec: &str, current: u32, is_dir: bool, umask: u32) -> Option<u32> {
    if !spec.is_empty() && spec.chars().all(|c| c.is_digit(8)) {
        if spec.len() > 4 {
            return None;
        }
        let v = u32::from_str_radix(spec, 8).ok()?;
        // Like GNU, a short octal mode keeps a directory's setuid/setgid bits.
        let keep = if is_dir && spec.len() < 5 { current & 0o6000 } else { 0 };
        return Some(if spec.len() <= 3 { v | keep } else { v });
    }
    let mut mode = current & 0o7777;
    for clause in spec.split(',') {
        let bytes: Vec<char> = clause.chars().collect();
        let mut i = 0;
        let mut who = 0u32;
        while i < bytes.len() && "ugoa".contains(bytes[i]) {
            who |= match bytes[i] {
                'u' => 0o4700,
                'g' => 0o2070,
                'o' => 0o1007,
                _ => 0o7777,
            };
            i += 1;
        }
        let masked = who == 0;
        if masked {
            who = 0o7777;
        }
        if i >= bytes.len() {
            return None;
        }
        while i < bytes.len() {
            let op = bytes[i];
            if !"+-=".contains(op) {
                return None;
            }
            i += 1;
            let mut perm = 0u32;
            let mut copied = false;
            while i < bytes.len() && !"+-=".contains(bytes[i]) {
                let c = bytes[i];
                i += 1;
                perm |= match c {
                    'r' => 0o444,
                    'w' => 0o222,
                    'x' => 0o111,
                    'X' if is_dir || mode & 0o111 != 0 => 0o111,
                    'X' => 0,
                    's' => 0o6000,
                    't' => 0o1000,
                    'u' | 'g' | 'o' if !copied => {
                        copied = true;
                        let src = match c {
                            'u' => (mode >> 6) & 7,
                            'g' => (mode >> 3) & 7,
                            _ => mode & 7,
                        };
                        src * 0o111
                    }
                    _ => return None,
                };
            }
            let mut bits = perm & who;
            if masked {
                bits &= !umask;
            }
            match op {
                '+' => mode |= bits,
                '-' => mode &= !bits,
                _ => {
                    let clear = who & !(if is_dir { 0o6000 } else { 0 });
                    mode = (mode & !clear) | bits;
                }
            }
        }
    }
    Some(mode)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn octal_and_symbolic_modes() {
        assert_eq!(apply("755", 0o644, false, 0o022), Some(0o755));
        assert_eq!(apply("u+x", 0o644, false, 0o022), Some(0o744));
        assert_eq!(apply("go-w", 0o666, false, 0o022), Some(0o644));
        assert_eq!(apply("a=r", 0o755, false, 0o022), Some(0o444));
        assert_eq!(apply("+x", 0o644, false, 0o022), Some(0o755));
        assert_eq!(apply("+w", 0o444, false, 0o022), Some(0o644));
        assert_eq!(apply("u=rwx,g=rx,o=", 0, false, 0o022), Some(0o750));
        assert_eq!(apply("g=u", 0o700, false, 0o022), Some(0o770));
        assert_eq!(apply("+t", 0o777, true, 0o022), Some(0o1777));
        assert_eq!(apply("999", 0, false, 0), None);
        assert_eq!(apply("u+z", 0, false, 0), None);
        assert_eq!(mode_string(FileKind::Dir, 0o1777), "drwxrwxrwt");
        assert_eq!(mode_string(FileKind::File, 0o4755), "-rwsr-xr-x");
    }
}
