//! psql's `aligned` output format (border 1): centred headers, `-` and `+` rules, numbers
//! right-aligned, no padding after a last left-aligned column, a `+` where a cell continues on
//! the next line, and the `(N rows)` footer followed by an empty line.

use super::super::sql::QueryResult;

fn width(s: &str) -> usize {
    s.chars().count()
}

/// The table as psql prints it, with an optional centred title (`List of relations`).
pub fn aligned(r: &QueryResult, title: Option<&str>) -> String {
    let cells: Vec<Vec<Vec<String>>> = r.rows.iter().map(|row| row.iter().map(|c| c.clone().unwrap_or_default().split('\n').map(str::to_string).collect()).collect()).collect();
    let n = r.columns.len();
    let mut widths: Vec<usize> = r.columns.iter().map(|c| width(c)).collect();
    for row in &cells {
        for (i, cell) in row.iter().enumerate() {
            for line in cell {
                widths[i] = widths[i].max(width(line));
            }
        }
    }
    let mut out = String::new();
    if let Some(t) = title {
        let total = n * 3 - 1 + widths.iter().sum::<usize>();
        if total >= width(t) {
            out.push_str(&" ".repeat((total - width(t)) / 2));
        }
        out.push_str(t);
        out.push('\n');
    }
    let header: Vec<String> = r
        .columns
        .iter()
        .zip(&widths)
        .map(|(c, &w)| {
            let left = (w - width(c)) / 2;
            format!("{}{c}{}", " ".repeat(left), " ".repeat(w - width(c) - left))
        })
        .collect();
    out.push_str(&format!(" {} \n", header.join(" | ")));
    out.push_str(&widths.iter().map(|w| "-".repeat(w + 2)).collect::<Vec<_>>().join("+"));
    out.push('\n');
    for row in &cells {
        let lines = row.iter().map(Vec::len).max().unwrap_or(1);
        for l in 0..lines {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                let text = cell.get(l).map(String::as_str).unwrap_or("");
                let more = cell.len() > l + 1;
                let last = i + 1 == n;
                let pad = widths[i] - width(text);
                line.push(if i == 0 { ' ' } else { '|' });
                if i > 0 {
                    line.push(' ');
                }
                if r.numeric.get(i).copied().unwrap_or(false) {
                    line.push_str(&" ".repeat(pad));
                    line.push_str(text);
                } else {
                    line.push_str(text);
                    if !last || more {
                        line.push_str(&" ".repeat(pad));
                    }
                }
                if more {
                    line.push('+');
                } else if !last {
                    line.push(' ');
                }
            }
            out.push_str(&line);
            out.push('\n');
        }
    }
    let count = r.rows.len();
    out.push_str(&format!("({count} {})\n\n", if count == 1 { "row" } else { "rows" }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(cols: &[&str], numeric: &[bool], rows: &[&[Option<&str>]]) -> QueryResult {
        QueryResult {
            columns: cols.iter().map(|c| c.to_string()).collect(),
            numeric: numeric.to_vec(),
            rows: rows.iter().map(|r| r.iter().map(|c| c.map(str::to_string)).collect()).collect(),
            returns_rows: true,
            ..QueryResult::default()
        }
    }

    #[test]
    fn a_table_as_psql_prints_it() {
        let r = result(&["id", "name"], &[true, false], &[&[Some("1"), Some("alice")], &[Some("10"), Some("bob")]]);
        assert_eq!(aligned(&r, None), " id | name  \n----+-------\n  1 | alice\n 10 | bob\n(2 rows)\n\n");
    }

    #[test]
    fn one_row_nulls_and_titles() {
        let r = result(&["count"], &[true], &[&[Some("3")]]);
        assert_eq!(aligned(&r, None), " count \n-------\n     3\n(1 row)\n\n");
        let r = result(&["Schema", "Name", "Type", "Owner"], &[false; 4], &[&[Some("public"), Some("users"), Some("table"), Some("postgres")]]);
        assert_eq!(aligned(&r, Some("List of relations")), "         List of relations\n Schema | Name  | Type  |  Owner   \n--------+-------+-------+----------\n public | users | table | postgres\n(1 row)\n\n");
        let r = result(&["a", "b"], &[false, false], &[&[None, Some("x")]]);
        assert_eq!(aligned(&r, None), " a | b \n---+---\n   | x\n(1 row)\n\n");
    }

    #[test]
    fn continued_cells_end_in_a_plus() {
        let r = result(&["Name", "Access privileges"], &[false, false], &[&[Some("template0"), Some("=c/postgres\npostgres=CTc/postgres")]]);
        assert_eq!(aligned(&r, None), "   Name    |   Access privileges   \n-----------+-----------------------\n template0 | =c/postgres          +\n           | postgres=CTc/postgres\n(1 row)\n\n");
    }
}
