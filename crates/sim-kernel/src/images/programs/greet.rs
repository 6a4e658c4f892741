//! `hello-world`'s `/hello` and `docker/whalesay`'s `cowsay`.

use crate::sys::Proc;

/// What `/hello` of `hello-world` (amd64) writes: the real image's message, byte for byte.
pub const HELLO: &str = "
Hello from Docker!
This message shows that your installation appears to be working correctly.

To generate this message, Docker took the following steps:
 1. The Docker client contacted the Docker daemon.
 2. The Docker daemon pulled the \"hello-world\" image from the Docker Hub.
    (amd64)
 3. The Docker daemon created a new container from that image which runs the
    executable that produces the output you are currently reading.
 4. The Docker daemon streamed that output to the Docker client, which sent it
    to your terminal.

To try something more ambitious, you can run an Ubuntu container with:
 $ docker run -it ubuntu bash

Share images, automate workflows, and more with a free Docker ID:
 https://hub.docker.com/

For more examples and ideas, visit:
 https://docs.docker.com/get-started/

";

/// `/hello`: one write of the message, exit 0 (it ignores its arguments).
pub async fn hello(p: Proc) -> i32 {
    p.print(HELLO).await;
    0
}

/// whalesay's `docker.cow`, as cowsay's Perl prints it (its `\\` and `$thoughts` resolved,
/// trailing spaces kept).
const WHALE: &str = "    \\
     \\
      \\     
                    ##        .            
              ## ## ##       ==            
           ## ## ## ##      ===            
       /\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"___/ ===        
  ~~~ {~~ ~~~~ ~~~ ~~~~ ~~ ~ /  ===- ~~~   
       \\______ o          __/            
        \\    \\        __/             
          \\____\\______/   
";

/// Words filled into lines of at most 40 columns (cowsay's `-W 40` default, Text::Wrap).
fn wrap(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > 39 {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

/// The whale saying `text`: the balloon, then the whale.
pub fn cowsay_text(text: &str) -> String {
    let lines = wrap(text);
    let width = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let mut out = format!(" {} \n", "_".repeat(width + 2));
    if lines.len() == 1 {
        out.push_str(&format!("< {} >\n", lines[0]));
    } else {
        for (i, l) in lines.iter().enumerate() {
            let (a, b) = match i {
                0 => ('/', '\\'),
                _ if i + 1 == lines.len() => ('\\', '/'),
                _ => ('|', '|'),
            };
            out.push_str(&format!("{a} {l:<width$} {b}\n"));
        }
    }
    out.push_str(&format!(" {} \n", "-".repeat(width + 2)));
    out.push_str(WHALE);
    out
}

/// `cowsay [words...]`: the words, or standard input when there are none.
pub async fn cowsay(p: Proc) -> i32 {
    let args = p.argv();
    let text = if args.len() > 1 {
        args[1..].join(" ")
    } else {
        let mut all = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = p.read(0, &mut buf).await {
            if n == 0 {
                break;
            }
            all.extend_from_slice(&buf[..n]);
        }
        String::from_utf8_lossy(&all).into_owned()
    };
    p.print(&cowsay_text(&text)).await;
    0
}
