//! phpMyAdmin's image (`phpmyadmin`, Apache with PHP): `apache2-foreground` logs Apache's
//! start-up, serves the login page on port 80, and a login (`POST /index.php` with
//! `pma_username` and `pma_password`) connects to the MySQL server named by `PMA_HOST` and
//! `PMA_PORT` through the databases' client library, answering with its databases or with the
//! error mysqli would give. Apache's combined access log goes to stdout; `SIGWINCH` (the
//! image's stop signal) stops it gracefully, `SIGTERM` at once.

use super::db::client::{DbError, Sql, MYSQL_PORT};
use super::db::wire::ConnectError;
use super::http::{date_now, respond, serve, Exchange};
use super::servers::{err_lines, now};
use crate::program::Programs;
use crate::signal::{SIGTERM, SIGWINCH};
use crate::sys::Proc;

/// Apache's banner, as `Server:` and in its start-up notice.
const SERVER: &str = "Apache/2.4.57 (Debian)";
const PHP: &str = "PHP/8.2.13";
/// The version the pages name.
pub const VERSION: &str = "5.2.1";

/// Registers `apache2-foreground`.
pub fn register(p: &mut Programs) {
    p.register("apache2-foreground", |proc| Box::pin(apache(proc)));
}

/// The container's own address: the last `/etc/hosts` line, which Docker writes for it.
async fn own_address(p: &Proc) -> String {
    let hosts = p.read_file("/etc/hosts").await.map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
    hosts.lines().rev().find_map(|l| l.split_whitespace().next().filter(|a| a.contains('.') && !a.starts_with("127."))).unwrap_or("127.0.0.1").to_string()
}

async fn apache(p: Proc) -> i32 {
    let pid = p.pid();
    let stamp = || now(&p, "%a %b %d %H:%M:%S.%N %Y");
    let address = own_address(&p).await;
    let fqdn = format!("AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using {address}. Set the 'ServerName' directive globally to suppress this message");
    err_lines(&p, &[fqdn.clone(), fqdn, format!("[{}] [mpm_prefork:notice] [pid {pid}] AH00163: {SERVER} {PHP} configured -- resuming normal operations", micros(&stamp())), format!("[{}] [core:notice] [pid {pid}] AH00094: Command line: 'apache2 -D FOREGROUND'", micros(&stamp()))]).await;
    let sig = serve(&p, 80, &[SIGWINCH, SIGTERM], |x| handle(&p, &address, x)).await;
    let what = if sig == SIGWINCH { "AH00170: caught SIGWINCH, shutting down gracefully" } else { "AH00169: caught SIGTERM, shutting down" };
    err_lines(&p, &[format!("[{}] [mpm_prefork:notice] [pid {pid}] {what}", micros(&stamp()))]).await;
    0
}

/// Apache's error-log time has microseconds: `Sun Nov 22 11:03:34.123456 2026`.
fn micros(stamp: &str) -> String {
    let mut parts: Vec<String> = stamp.split(' ').map(str::to_string).collect();
    if let Some(time) = parts.get_mut(3) {
        if let Some((hms, nanos)) = time.split_once('.') {
            *time = format!("{hms}.{}", &nanos[..6.min(nanos.len())]);
        }
    }
    parts.join(" ")
}

/// `application/x-www-form-urlencoded` field `name`.
fn form_field(body: &str, name: &str) -> Option<String> {
    body.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name).then(|| wharf_engine::percent::decode(v))
    })
}


fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The login page, with mysqli's `errors` if a login failed.
fn login_page(host: &str, errors: &[String]) -> String {
    let errors: String = errors.iter().map(|e| format!("<div class=\"alert alert-danger\" role=\"alert\">{}</div>\n", escape(e))).collect();
    format!(
        "<!DOCTYPE HTML>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n<title>phpMyAdmin</title>\n</head>\n<body class=\"loginform\">\n<div class=\"container\">\n<h1>Welcome to <bdo dir=\"ltr\" lang=\"en\">phpMyAdmin</bdo></h1>\n{errors}<form method=\"post\" action=\"index.php?route=/\" name=\"login_form\" class=\"disableAjax\">\n<fieldset>\n<legend>Log in</legend>\n<input type=\"hidden\" name=\"pma_servername\" value=\"{}\">\n<label for=\"input_username\">Username:</label>\n<input type=\"text\" name=\"pma_username\" id=\"input_username\">\n<label for=\"input_password\">Password:</label>\n<input type=\"password\" name=\"pma_password\" id=\"input_password\">\n</fieldset>\n<input type=\"submit\" value=\"Log in\" id=\"input_go\">\n</form>\n</div>\n</body>\n</html>\n",
        escape(host)
    )
}

/// The start page after a login: the server and its databases.
fn databases_page(host: &str, user: &str, databases: &[String]) -> String {
    let list: String = databases.iter().map(|d| format!("<li class=\"database\"><a href=\"index.php?route=/database/structure&amp;db={0}\">{0}</a></li>\n", escape(d))).collect();
    format!(
        "<!DOCTYPE HTML>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n<title>{0} | phpMyAdmin {VERSION}</title>\n</head>\n<body>\n<div id=\"serverinfo\">Server: {0} via TCP/IP</div>\n<div id=\"userinfo\">User: {1}@%</div>\n<ul id=\"databases\">\n{list}</ul>\n</body>\n</html>\n",
        escape(host),
        escape(user)
    )
}

/// What phpMyAdmin shows when mysqli cannot log in.
fn login_errors(host: &str, e: &DbError) -> Vec<String> {
    match e {
        DbError::Connect(ConnectError::UnknownHost(_)) => vec![
            format!("mysqli::real_connect(): php_network_getaddresses: getaddrinfo for {host} failed: Name or service not known"),
            format!("mysqli::real_connect(): (HY000/2002): php_network_getaddresses: getaddrinfo for {host} failed: Name or service not known"),
        ],
        DbError::Connect(ConnectError::Failed { .. }) | DbError::Closed => vec!["mysqli::real_connect(): (HY000/2002): Connection refused".into()],
        DbError::Sql(s) => vec![format!("mysqli::real_connect(): (HY000/{}): {}", s.code, s.message), "Cannot log in to the MySQL server".into()],
        other => vec![other.to_string()],
    }
}

/// One request; `address` is the server's own, for its error pages.
async fn handle(p: &Proc, address: &str, x: Exchange) {
    let host = p.getenv("PMA_HOST").filter(|h| !h.is_empty()).unwrap_or_else(|| "localhost".into());
    let port = p.getenv("PMA_PORT").and_then(|v| v.parse().ok()).unwrap_or(MYSQL_PORT);
    let target = x.request.target.as_str();
    let (status, body) = match (x.request.method.as_str(), target) {
        ("GET" | "HEAD", "/" | "/index.php") => ((200, "OK"), login_page(&host, &[])),
        ("POST", "/" | "/index.php") => {
            let form = String::from_utf8_lossy(&x.request.body).into_owned();
            let user = form_field(&form, "pma_username").unwrap_or_default();
            let password = form_field(&form, "pma_password");
            let mut sql = Sql::mysql(&host, &user, password.as_deref().filter(|p| !p.is_empty()), None);
            sql.port = port;
            match sql.query(p, "SHOW DATABASES").await {
                Ok(r) => {
                    let dbs: Vec<String> = r.rows.into_iter().filter_map(|row| row.into_iter().next().flatten()).collect();
                    ((200, "OK"), databases_page(&host, &user, &dbs))
                }
                Err(e) => ((200, "OK"), login_page(&host, &login_errors(&host, &e))),
            }
        }
        _ => ((404, "Not Found"), format!("<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n<hr>\n<address>{SERVER} Server at {address} Port 80</address>\n</body></html>\n")),
    };
    let headers = [format!("Date: {}", date_now(p)), format!("Server: {SERVER}"), format!("X-Powered-By: {PHP}"), format!("Content-Length: {}", body.len()), "Content-Type: text/html; charset=utf-8".to_string()];
    let sent = respond(p, &x, status, &headers, body.as_bytes()).await;
    let time = now(p, "%d/%b/%Y:%H:%M:%S +0000");
    let _ = p.print(&format!("{} - - [{time}] \"{}\" {} {sent} \"-\" \"{}\"\n", x.peer, x.request.line, status.0, x.request.agent)).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_fields_are_decoded() {
        let body = "pma_username=root&pma_password=my%2Dsecret+pw&server=1";
        assert_eq!(form_field(body, "pma_username").as_deref(), Some("root"));
        assert_eq!(form_field(body, "pma_password").as_deref(), Some("my-secret pw"));
        assert_eq!(form_field(body, "nope"), None);
    }

    #[test]
    fn apache_times_have_microseconds() {
        assert_eq!(micros("Sun Nov 22 11:03:34.123456789 2026"), "Sun Nov 22 11:03:34.123456 2026");
    }
}
