//! The import graph of `src/` runs one way. Every top-level module has a
//! place in `LAYERS`, bottom first, and may import only modules placed
//! before it, so no cycle can form; the face (main, lib, cli, serve, demo)
//! may import anything, and only the face imports `app` or the face. The file tree is
//! the module tree: no `#[path]`, no `mod.rs`. Test modules (`tests.rs`,
//! `*_tests.rs`, and a file's `#[cfg(test)]` tail) may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Bottom first: a module may import only the ones before it.
const LAYERS: &[&str] = &[
    "ru",
    "error",
    "time",
    "office",
    "config",
    "db",
    "web_pages",
    "web",
    "check",
    "state",
    "actor",
    "agency",
    "command",
    "accounts",
    "municipality",
    "plan",
    "control",
    "registry",
    "activity",
    "app",
];

const FACE: &[&str] = &["main", "lib", "cli", "serve", "demo"];

/// One source file: its path under `src/` and its text.
struct Source {
    path: String,
    text: String,
}

fn sources(root: &Path) -> Vec<Source> {
    let mut out = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(Source {
                    path: path
                        .strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                    text: std::fs::read_to_string(&path).unwrap(),
                });
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn top_module(path: &str) -> &str {
    let first = path.split('/').next().unwrap_or(path);
    first.strip_suffix(".rs").unwrap_or(first)
}

fn is_test_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name == "tests.rs" || name.ends_with("_tests.rs")
}

/// The top-level modules a file names as `crate::<module>`.
fn imports(text: &str) -> BTreeSet<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or(text);
    let mut out = BTreeSet::new();
    for (i, _) in code.match_indices("crate::") {
        let before = code[..i].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `dozor_crate::` and the like
        }
        let name: String = code[i + 7..]
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
            .collect();
        if !name.is_empty() {
            out.insert(name);
        }
    }
    out
}

/// Every breach of the rules above, one line each.
fn breaches(files: &[Source]) -> Vec<String> {
    let rank = |m: &str| LAYERS.iter().position(|l| *l == m);
    let mut out = Vec::new();
    let mut edges: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for f in files {
        if f.text.contains("#[path") {
            out.push(format!("{}: a #[path] attribute", f.path));
        }
        if f.path.ends_with("/mod.rs") {
            out.push(format!("{}: a mod.rs (write name.rs plus name/)", f.path));
        }
        let from = top_module(&f.path);
        if FACE.contains(&from) || is_test_file(&f.path) {
            continue;
        }
        if rank(from).is_none() {
            out.push(format!(
                "{}: module `{from}` has no place in LAYERS",
                f.path
            ));
        }
        for to in imports(&f.text) {
            if to != from {
                let key = (from.to_string(), to);
                edges.entry(key).or_default().push(f.path.clone());
            }
        }
    }
    for ((from, to), paths) in edges {
        let ok = matches!((rank(&from), rank(&to)), (Some(a), Some(b)) if b < a);
        if FACE.contains(&to.as_str()) {
            out.push(format!(
                "{from} imports the face ({to}): {}",
                paths.join(", ")
            ));
        } else if !ok && rank(&from).is_some() {
            out.push(format!("{from} -> {to} goes up: {}", paths.join(", ")));
        }
    }
    out
}

#[test]
fn the_import_graph_of_src_runs_one_way() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = breaches(&sources(&root));
    assert!(found.is_empty(), "\n{}", found.join("\n"));
}

fn file(path: &str, text: &str) -> Source {
    Source {
        path: path.into(),
        text: text.into(),
    }
}

#[test]
fn the_check_finds_an_import_up_of_the_face_a_path_and_a_mod_rs() {
    let files = [
        file("plan/store.rs", "use crate::control::period::Period;"),
        file("control.rs", "use crate::plan::store;"),
        file("ru.rs", "#[path = \"x.rs\"]\nmod x;"),
        file("registry/web/mod.rs", "use crate::app::router;"),
        file("portal.rs", "use crate::ru;"),
        file("error.rs", "use crate::cli::Args;"),
    ];
    let found = breaches(&files);
    assert!(
        found
            .iter()
            .any(|b| b.starts_with("plan -> control goes up: plan/store.rs"))
    );
    assert!(found.iter().any(|b| b.starts_with("ru.rs: a #[path]")));
    assert!(
        found
            .iter()
            .any(|b| b.starts_with("registry/web/mod.rs: a mod.rs"))
    );
    assert!(
        found
            .iter()
            .any(|b| b.starts_with("registry -> app goes up"))
    );
    assert!(found.iter().any(|b| b.contains("`portal` has no place")));
    assert!(
        found
            .iter()
            .any(|b| b.starts_with("error imports the face (cli)"))
    );
    assert!(
        !found.iter().any(|b| b.starts_with("control -> plan")),
        "{found:?}"
    );
}

#[test]
fn test_code_and_the_face_may_reach_anywhere() {
    let files = [
        file(
            "ru.rs",
            "fn a() {}\n#[cfg(test)]\nmod tests { use crate::app; }",
        ),
        file("plan/schedule/tests.rs", "use crate::control::x;"),
        file("serve.rs", "use crate::app::serve;"),
        file("cli.rs", "use crate::serve::run;"),
    ];
    assert_eq!(breaches(&files), Vec::<String>::new());
}
