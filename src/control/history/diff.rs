//! What changed between two texts of a report, line by line: the lines
//! added and the lines removed, by a longest common subsequence. Reports
//! are short; past a bound the table would be large, so only the lines
//! each side alone has are counted and the result says it is partial.

/// Lines compared in full at most, on each side.
const MAX_LINES: usize = 400;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct LineDiff {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// The texts were too long to compare line by line in full.
    pub truncated: bool,
}

fn lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// The lines of `after` not in `before` and those of `before` not in
/// `after`, each in its text's order; blank lines and indentation ignored.
pub fn lines_diff(before: &str, after: &str) -> LineDiff {
    let (a, b) = (lines(before), lines(after));
    if a.len() > MAX_LINES || b.len() > MAX_LINES {
        return LineDiff {
            added: b
                .iter()
                .filter(|l| !a.contains(l))
                .map(|l| l.to_string())
                .collect(),
            removed: a
                .iter()
                .filter(|l| !b.contains(l))
                .map(|l| l.to_string())
                .collect(),
            truncated: true,
        };
    }
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0u16; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = LineDiff::default();
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            i += 1;
            j += 1;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            out.removed.push(a[i].to_string());
            i += 1;
        } else {
            out.added.push(b[j].to_string());
            j += 1;
        }
    }
    out.removed.extend(a[i..].iter().map(|l| l.to_string()));
    out.added.extend(b[j..].iter().map(|l| l.to_string()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_changed_line_is_one_removed_and_one_added() {
        let d = lines_diff(
            "Провели 3 урока\nВыпустили листовки",
            "Провели 5 уроков\nВыпустили листовки\n\nЗапись эфира",
        );
        assert_eq!(d.removed, vec!["Провели 3 урока"]);
        assert_eq!(d.added, vec!["Провели 5 уроков", "Запись эфира"]);
        assert!(!d.truncated);
    }

    #[test]
    fn blank_lines_and_indentation_are_not_changes() {
        assert_eq!(lines_diff("a\n\n  b", "a\nb\n"), LineDiff::default());
    }

    proptest! {
        #[test]
        fn applying_the_diff_gives_the_new_lines(
            a in proptest::collection::vec("[abc]{1,2}", 0..30),
            b in proptest::collection::vec("[abc]{1,2}", 0..30),
        ) {
            let d = lines_diff(&a.join("\n"), &b.join("\n"));
            // Whatever was kept is common to both, in order, and the
            // counts add up on each side.
            prop_assert_eq!(a.len() - d.removed.len(), b.len() - d.added.len());
            if a == b {
                prop_assert!(d.added.is_empty() && d.removed.is_empty());
            }
        }

        #[test]
        fn lines_appended_are_all_that_is_added(
            a in proptest::collection::vec("[abc]{1,2}", 0..30),
            extra in proptest::collection::vec("[abc]{1,2}", 0..10),
        ) {
            let b: Vec<String> = a.iter().chain(&extra).cloned().collect();
            let d = lines_diff(&a.join("\n"), &b.join("\n"));
            prop_assert!(d.removed.is_empty());
            prop_assert_eq!(d.added.len(), extra.len());
        }
    }
}
