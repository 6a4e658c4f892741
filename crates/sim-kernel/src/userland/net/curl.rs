//! `curl` (7.88, Debian's) and BusyBox's `wget`: HTTP GET and HEAD over the simulated network.

use super::{exchange, resolve, ResolveError, Response, Url};
use crate::errno::Errno;
use crate::sys::Proc;

/// curl's `User-Agent`.
const CURL_AGENT: &str = "curl/7.88.1";

/// The progress meter curl prints on stderr when the body does not go to a terminal.
fn progress(size: usize) -> String {
    let speed = size * 1000;
    let speed = if speed < 100_000 { speed.to_string() } else { format!("{}k", speed / 1024) };
    format!(
        "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\r100 {size:>5}  100 {size:>5}    0     0 {speed:>6}      0 --:--:-- --:--:-- --:--:-- {speed:>5}\n"
    )
}

/// What went wrong connecting, in curl's words: (exit code, message).
fn curl_connect_error(e: Errno, url: &Url, timeout: Option<u64>) -> (i32, String) {
    match (e, timeout) {
        (Errno::ETIMEDOUT, Some(t)) => (28, format!("Connection timed out after {} milliseconds", t * 1000 + 1)),
        (Errno::ETIMEDOUT, None) => (28, format!("Failed to connect to {} port {} after 129000 ms: Couldn't connect to server", url.host, url.port)),
        (Errno::EHOSTUNREACH, _) => (7, format!("Failed to connect to {} port {} after 3068 ms: Couldn't connect to server", url.host, url.port)),
        _ => (7, format!("Failed to connect to {} port {} after 0 ms: Couldn't connect to server", url.host, url.port)),
    }
}

/// `curl [-sSIvfL] [-o FILE] [-X METHOD] [-H HEADER] [-d DATA] [--connect-timeout S] URL`.
pub async fn curl(p: Proc) -> i32 {
    let argv = p.argv();
    let (mut silent, mut show_error, mut head, mut verbose, mut fail) = (false, false, false, false, false);
    let mut include = false;
    let mut output: Option<String> = None;
    let mut method: Option<String> = None;
    let mut headers: Vec<String> = Vec::new();
    // `-d`: the body, several joined by `&` as curl does; it makes the request a form POST.
    let mut data: Option<String> = None;
    let mut timeout: Option<u64> = None;
    let mut url: Option<String> = None;
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].clone();
        let mut next = || {
            i += 1;
            argv.get(i).cloned().unwrap_or_default()
        };
        match a.as_str() {
            "-o" | "--output" => output = Some(next()),
            "-X" | "--request" => method = Some(next()),
            "-H" | "--header" => headers.push(next()),
            "-d" | "--data" | "--data-raw" => {
                let d = next();
                data = Some(match data.take() {
                    Some(before) => format!("{before}&{d}"),
                    None => d,
                });
            }
            "--connect-timeout" | "-m" | "--max-time" => timeout = next().parse().ok(),
            "-I" | "--head" => head = true,
            "-i" | "--include" => include = true,
            "-s" | "--silent" => silent = true,
            "-S" | "--show-error" => show_error = true,
            "-v" | "--verbose" => verbose = true,
            "-f" | "--fail" => fail = true,
            "-L" | "--location" | "-k" | "--insecure" => {}
            s if s.starts_with('-') && s.len() > 2 && !s.starts_with("--") => {
                for c in s[1..].chars() {
                    match c {
                        's' => silent = true,
                        'S' => show_error = true,
                        'I' => head = true,
                        'i' => include = true,
                        'v' => verbose = true,
                        'f' => fail = true,
                        _ => {}
                    }
                }
            }
            s if s.starts_with('-') => {
                p.eprint(&format!("curl: option {s}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n")).await;
                return 2;
            }
            _ => url = Some(a.clone()),
        }
        i += 1;
    }
    let complain = |code: i32, msg: String| {
        let p = &p;
        async move {
            if !silent || show_error {
                p.eprint(&format!("curl: ({code}) {msg}\n")).await;
            }
            code
        }
    };
    let Some(raw) = url else {
        p.eprint("curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n").await;
        return 2;
    };
    let Some(url) = Url::parse(&raw) else {
        let scheme = raw.split("://").next().unwrap_or("");
        return complain(1, format!("Protocol \"{scheme}\" not supported or disabled in libcurl")).await;
    };
    let ip = match resolve(&p, &url.host).await {
        Ok(ips) => ips[0],
        Err(_) => return complain(6, format!("Could not resolve host: {}", url.host)).await,
    };
    let method = method.unwrap_or_else(|| if head { "HEAD".into() } else if data.is_some() { "POST".into() } else { "GET".into() });
    let mut request = format!("{method} {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: {CURL_AGENT}\r\nAccept: */*\r\n", url.path, url.host_header());
    for h in &headers {
        request.push_str(&format!("{h}\r\n"));
    }
    if let Some(body) = &data {
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
        if !headers.iter().any(|h| h.to_ascii_lowercase().starts_with("content-type:")) {
            request.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
        }
    }
    request.push_str("\r\n");
    let head_len = request.len();
    if let Some(body) = &data {
        request.push_str(body);
    }
    if verbose {
        p.eprint(&format!("*   Trying {ip}:{}...\n", url.port)).await;
    }
    let resp: Response = match exchange(&p, ip, url.port, request.as_bytes()).await {
        Ok(r) => r,
        Err(e) => {
            let (code, msg) = curl_connect_error(e, &url, timeout);
            if verbose {
                p.eprint(&format!("* connect to {ip} port {} failed: {}\n* Failed to connect to {} port {}: Couldn't connect to server\n* Closing connection 0\n", url.port, e.message(), url.host, url.port)).await;
            }
            return complain(code, msg).await;
        }
    };
    if verbose {
        let mut s = format!("* Connected to {} ({ip}) port {} (#0)\n", url.host, url.port);
        for line in request[..head_len].trim_end_matches("\r\n").split("\r\n") {
            s.push_str(&format!("> {line}\r\n"));
        }
        s.push_str("> \r\n");
        s.push_str(&format!("< {}\r\n", resp.status_line));
        for h in &resp.headers {
            s.push_str(&format!("< {h}\r\n"));
        }
        s.push_str("< \r\n");
        if !resp.body.is_empty() {
            s.push_str(&format!("{{ [{} bytes data]\n", resp.body.len()));
        }
        p.eprint(&s).await;
    }
    if fail && resp.code() >= 400 {
        return complain(22, format!("The requested URL returned error: {}", resp.code())).await;
    }
    let mut out = Vec::new();
    if head || include {
        out.extend_from_slice(format!("{}\r\n", resp.status_line).as_bytes());
        for h in &resp.headers {
            out.extend_from_slice(format!("{h}\r\n").as_bytes());
        }
        out.extend_from_slice(b"\r\n");
    }
    if !head {
        out.extend_from_slice(&resp.body);
    }
    let meter = !silent && !verbose && (output.is_some() || !p.isatty(1));
    if meter {
        p.eprint(&progress(out.len())).await;
    }
    match output {
        Some(path) if path != "-" => {
            if let Err(e) = p.write_file(&path, &out).await {
                return complain(23, format!("Failure writing output to destination: {}", e.message())).await;
            }
        }
        _ => {
            let _ = p.write_all(1, &out).await;
        }
    }
    if verbose {
        p.eprint(&format!("* Connection #0 to host {} left intact\n", url.host)).await;
    }
    0
}

/// BusyBox `wget [-q] [-O FILE|-] [-T SEC] [--spider] URL`.
pub async fn wget(p: Proc) -> i32 {
    let argv = p.argv();
    let (mut quiet, mut spider) = (false, false);
    let mut output: Option<String> = None;
    let mut url: Option<String> = None;
    let mut i = 1;
    while i < argv.len() {
        let a = &argv[i];
        match a.as_str() {
            "-q" => quiet = true,
            "--spider" => spider = true,
            "-O" => {
                i += 1;
                output = argv.get(i).cloned();
            }
            "-T" => i += 1,
            s if s.starts_with("-O") => output = Some(s[2..].to_string()),
            "-qO-" | "-qO" => {
                quiet = true;
                output = Some(if a == "-qO-" { "-".into() } else { argv.get(i + 1).cloned().unwrap_or_default() });
                if a == "-qO" {
                    i += 1;
                }
            }
            s if s.starts_with("-q") => {
                quiet = true;
                if let Some(o) = s.strip_prefix("-qO") {
                    output = Some(o.to_string());
                }
            }
            s if s.starts_with('-') => {}
            _ => url = Some(a.clone()),
        }
        i += 1;
    }
    let Some(url) = url.as_deref().and_then(Url::parse) else {
        p.eprint("BusyBox v1.36.1 (2023-06-02 00:42:02 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n").await;
        return 1;
    };
    let ip = match resolve(&p, &url.host).await {
        Ok(ips) => ips[0],
        Err(ResolveError::NoSuchName | ResolveError::NoServer) => {
            p.eprint(&format!("wget: bad address '{}'\n", url.host)).await;
            return 1;
        }
    };
    if !quiet {
        p.eprint(&format!("Connecting to {} ({ip}:{})\n", url.host_header(), url.port)).await;
    }
    let request = format!("GET {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: Wget\r\nConnection: close\r\n\r\n", url.path, url.host_header());
    let resp = match exchange(&p, ip, url.port, request.as_bytes()).await {
        Ok(r) => r,
        Err(e) => {
            let why = match e {
                Errno::ETIMEDOUT => "Connection timed out",
                Errno::EHOSTUNREACH => "Host is unreachable",
                Errno::ENETUNREACH => "Network unreachable",
                _ => "Connection refused",
            };
            p.eprint(&format!("wget: can't connect to remote host ({ip}): {why}\n")).await;
            return 1;
        }
    };
    if resp.code() >= 400 {
        p.eprint(&format!("wget: server returned error: {}\n", resp.status_line)).await;
        return 1;
    }
    if spider {
        if !quiet {
            p.eprint("remote file exists\n").await;
        }
        return 0;
    }
    let name = output.unwrap_or_else(|| {
        let last = url.path.rsplit('/').next().unwrap_or("");
        if last.is_empty() { "index.html".into() } else { last.to_string() }
    });
    if name == "-" {
        if !quiet {
            p.eprint("writing to stdout\n").await;
        }
        let _ = p.write_all(1, &resp.body).await;
        if !quiet {
            p.eprint(&format!("-                    100% |********************************| {:>5}  0:00:00 ETA\nwritten to stdout\n", resp.body.len())).await;
        }
        return 0;
    }
    if !quiet {
        p.eprint(&format!("saving to '{name}'\n")).await;
    }
    if let Err(e) = p.write_file(&name, &resp.body).await {
        p.eprint(&format!("wget: can't open '{name}': {}\n", e.message())).await;
        return 1;
    }
    if !quiet {
        p.eprint(&format!("{name:<20} 100% |********************************| {:>5}  0:00:00 ETA\n'{name}' saved\n", resp.body.len())).await;
    }
    0
}
