use super::*;

fn shipped() -> Vec<Item> {
    parse_items(ITEMS).expect("items.tsv parses")
}

fn step(label: &str, typed: &str, setup: &str) -> StepText {
    StepText { label: label.into(), typed: typed.into(), setup: setup.into() }
}

/// Which of `ids` the shipped table recognises in `typed` (with `setup` beside it).
fn covered(ids: &[&str], typed: &str, setup: &str) -> Vec<String> {
    let items = shipped().into_iter().filter(|i| ids.contains(&i.id.as_str())).collect();
    let cov = Coverage::measure(items, &[step("M/1", typed, setup)]);
    cov.items.into_iter().filter(|(_, by)| by.is_some()).map(|(i, _)| i.id).collect()
}

#[test]
fn the_table_lists_every_inventory_item_once_in_order() {
    let ids: Vec<String> = shipped().into_iter().map(|i| i.id).collect();
    let want: Vec<String> = (1..=94).map(|n| format!("C{n:02}")).chain((1..=89).map(|n| format!("D{n:02}"))).collect();
    assert_eq!(ids, want);
}

#[test]
fn a_bad_table_names_the_line() {
    assert_eq!(parse_items("# c\nC01\tdocker run\n").unwrap_err(), "line 2: want ID, TAB, patterns, TAB, description");
    assert!(parse_items("X01\ta\tb\n").unwrap_err().starts_with("line 1: item ID \"X01\""));
    assert!(parse_items("C01\t(unclosed\tb\n").unwrap_err().starts_with("line 1: C01: "));
}

#[test]
fn cli_items_count_what_is_typed_not_what_setup_does() {
    assert_eq!(covered(&["C01", "C21"], "docker run --rm busybox true", "docker pull busybox"), ["C01"]);
    assert_eq!(covered(&["C24", "C25"], "docker image rm a\ndocker tag a b", ""), ["C24", "C25"]);
}

#[test]
fn compose_verbs_are_told_apart_through_file_flags() {
    let typed = "docker compose -f compose.yaml -f compose.test.yaml run --rm tests";
    assert_eq!(covered(&["C62", "C63", "C67"], typed, ""), ["C67"]);
    assert_eq!(covered(&["C62", "C68"], "docker-compose up -d", ""), ["C62"]);
}

#[test]
fn dockerfile_items_see_heredocs_and_setup_files() {
    let setup = "cat > Dockerfile <<'EOF'\nFROM golang:1.22 AS build\nRUN go build\nFROM scratch\nCOPY --from=build /app /app\nEOF";
    assert_eq!(
        covered(&["D01", "D04", "D07", "D08", "D25", "D26", "D27"], "docker build -t app .", setup),
        ["D01", "D04", "D07", "D08", "D26"]
    );
    assert_eq!(covered(&["D01", "D02"], "printf 'FROM busybox\\nCMD [\"ls\"]\\n' > Dockerfile", ""), ["D02"]);
}

#[test]
fn every_pattern_of_an_item_must_match_the_same_step() {
    let items: Vec<Item> = shipped().into_iter().filter(|i| i.id == "D45").collect();
    let apart = [step("M/1", "ENTRYPOINT [\"ping\"]", ""), step("M/2", "CMD [\"localhost\"]", "")];
    assert_eq!(Coverage::measure(items.clone(), &apart).count(Kind::Dockerfile), (0, 1));
    let together = [step("M/3", "ENTRYPOINT [\"ping\"]\nCMD [\"localhost\"]", "")];
    let cov = Coverage::measure(items, &together);
    assert_eq!(cov.items[0].1.as_deref(), Some("M/3"));
}

#[test]
fn percentages_are_per_checklist() {
    let cov = Coverage::measure(shipped(), &[step("M/1", "docker run hello-world\ndocker ps -a", "")]);
    assert_eq!(cov.count(Kind::Cli), (2, 94));
    assert_eq!(cov.count(Kind::Dockerfile), (0, 89));
    assert!((cov.percent(Kind::Cli) - 200.0 / 94.0).abs() < 1e-9);
}
