//! The mysql client's output: boxed tables on a terminal, tab-separated rows in batch mode,
//! and the `Query OK` / `rows in set` lines.

use super::super::sql::QueryResult;

fn width(s: &str) -> usize {
    s.chars().count()
}

/// A boxed table (`+----+` rules, numbers right-aligned, NULL as `NULL`).
pub fn boxed(r: &QueryResult) -> String {
    let cells: Vec<Vec<String>> = r.rows.iter().map(|row| row.iter().map(|c| c.clone().unwrap_or_else(|| "NULL".into())).collect()).collect();
    let mut widths: Vec<usize> = r.columns.iter().map(|c| width(c)).collect();
    for row in &cells {
        for (i, c) in row.iter().enumerate() {
            widths[i] = widths[i].max(width(c));
        }
    }
    let rule = format!("+{}+\n", widths.iter().map(|w| "-".repeat(w + 2)).collect::<Vec<_>>().join("+"));
    let line = |vals: &[String], numeric: &dyn Fn(usize) -> bool| {
        let parts: Vec<String> = vals
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let pad = " ".repeat(widths[i] - width(v));
                if numeric(i) {
                    format!(" {pad}{v} ")
                } else {
                    format!(" {v}{pad} ")
                }
            })
            .collect();
        format!("|{}|\n", parts.join("|"))
    };
    let mut out = rule.clone();
    out.push_str(&line(&r.columns, &|_| false));
    out.push_str(&rule);
    for row in &cells {
        out.push_str(&line(row, &|i| r.numeric.get(i).copied().unwrap_or(false) && row[i] != "NULL"));
    }
    out.push_str(&rule);
    out
}

/// Batch mode (`-e` into a pipe): a header line and rows, tab-separated.
pub fn tabbed(r: &QueryResult) -> String {
    let mut out = format!("{}\n", r.columns.join("\t"));
    for row in &r.rows {
        out.push_str(&row.iter().map(|c| c.clone().unwrap_or_else(|| "NULL".into())).collect::<Vec<_>>().join("\t"));
        out.push('\n');
    }
    out
}

/// The status lines the interactive client prints after a statement.
pub fn status(r: &QueryResult) -> String {
    if r.returns_rows {
        let n = r.rows.len();
        return match n {
            0 => "Empty set (0.00 sec)\n".into(),
            1 => "1 row in set (0.00 sec)\n".into(),
            n => format!("{n} rows in set (0.00 sec)\n"),
        };
    }
    if r.tag == "USE" {
        return "Database changed\n".into();
    }
    let ddl = r.tag.starts_with("CREATE") || r.tag.starts_with("DROP");
    let time = if ddl { "0.01" } else { "0.00" };
    let rows = if r.affected == 1 { "row" } else { "rows" };
    let mut s = format!("Query OK, {} {rows} affected ({time} sec)\n", r.affected);
    if r.multi_row {
        s.push_str(&format!("Records: {}  Duplicates: 0  Warnings: 0\n", r.affected));
    } else if r.tag.starts_with("UPDATE") {
        s.push_str(&format!("Rows matched: {}  Changed: {}  Warnings: 0\n", r.matched, r.affected));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_boxed() {
        let r = QueryResult { columns: vec!["id".into(), "name".into()], numeric: vec![true, false], rows: vec![vec![Some("1".into()), Some("alice".into())], vec![Some("10".into()), None]], returns_rows: true, ..QueryResult::default() };
        assert_eq!(boxed(&r), "+----+-------+\n| id | name  |\n+----+-------+\n|  1 | alice |\n| 10 | NULL  |\n+----+-------+\n");
        assert_eq!(tabbed(&r), "id\tname\n1\talice\n10\tNULL\n");
        assert_eq!(status(&r), "2 rows in set (0.00 sec)\n");
    }

    #[test]
    fn statuses_read_like_mysql() {
        let r = QueryResult { tag: "INSERT 0 1".into(), affected: 1, ..QueryResult::default() };
        assert_eq!(status(&r), "Query OK, 1 row affected (0.00 sec)\n");
        let r = QueryResult { tag: "INSERT 0 2".into(), affected: 2, multi_row: true, ..QueryResult::default() };
        assert_eq!(status(&r), "Query OK, 2 rows affected (0.00 sec)\nRecords: 2  Duplicates: 0  Warnings: 0\n");
        let r = QueryResult { tag: "CREATE TABLE".into(), ..QueryResult::default() };
        assert_eq!(status(&r), "Query OK, 0 rows affected (0.01 sec)\n");
    }
}
