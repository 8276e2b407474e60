//! One batch of an import, ready for the store: records normalised (the
//! rejects keep their reasons and places), a value repeated within the batch
//! folded into its first row with all its case numbers. Pure and CPU-bound:
//! the importer runs it on a blocking thread while the store writes the
//! previous batch.

use crate::registry::formats::{Record, Reject};
use chrono::{DateTime, Utc};
use dozor_indicator::detect::normalize;
use dozor_indicator::model::{CardKey, Category, Kind};

/// One value to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Row {
    pub kind: Kind,
    pub canonical: String,
    pub display: String,
    /// A card's raw value is its masked display: never the number.
    pub raw: String,
    pub category: Category,
    pub first_seen: DateTime<Utc>,
    /// Every case number the batch gives for this value.
    pub cases: Vec<String>,
}

#[derive(Debug, Default)]
pub(super) struct Batch {
    /// Distinct by (kind, canonical), in file order.
    pub rows: Vec<Row>,
    /// Values that repeated an earlier row of this batch.
    pub repeats: usize,
    /// In file order.
    pub rejects: Vec<Reject>,
    /// Items taken from the feed: fewer than asked means the feed is done.
    pub taken: usize,
}

/// Normalises `items` (records and the parser's rejects, in file order).
pub(super) fn prepare(
    items: impl Iterator<Item = Result<Record, Reject>>,
    key: Option<&CardKey>,
    now: DateTime<Utc>,
) -> Batch {
    let mut batch = Batch::default();
    for item in items {
        batch.taken += 1;
        let r = match item {
            Ok(r) => r,
            Err(reject) => {
                batch.rejects.push(reject);
                continue;
            }
        };
        let n = match normalize(&r.raw, r.kind, key) {
            Ok(n) => n,
            Err(e) => {
                batch.rejects.push(Reject {
                    at: r.at,
                    reason: e.to_string(),
                });
                continue;
            }
        };
        batch.rows.push(Row {
            raw: if n.kind == Kind::Card {
                n.display.clone()
            } else {
                r.raw
            },
            kind: n.kind,
            canonical: n.canonical,
            display: n.display,
            category: r.category.unwrap_or(Category::Other),
            first_seen: r.first_seen.unwrap_or(now),
            cases: r.case_number.into_iter().collect(),
        });
    }
    batch.repeats = fold_repeats(&mut batch.rows);
    batch
}

/// Folds every row whose (kind, canonical) came earlier into that first
/// row, cases and all; how many were folded. Sorting indices rather than
/// hashing keeps this free of a copy of every key.
fn fold_repeats(rows: &mut Vec<Row>) -> usize {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        let (x, y) = (&rows[a], &rows[b]);
        (x.kind, &x.canonical, a).cmp(&(y.kind, &y.canonical, b))
    });
    let mut repeat = vec![false; rows.len()];
    let mut first = None;
    for pair in order.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if rows[a].kind == rows[b].kind && rows[a].canonical == rows[b].canonical {
            // `order` puts the first row of a run first: it keeps the rest.
            let head = *first.get_or_insert(a);
            let cases = std::mem::take(&mut rows[b].cases);
            rows[head].cases.extend(cases);
            repeat[b] = true;
        } else {
            first = None;
        }
    }
    let folded = repeat.iter().filter(|&&r| r).count();
    if folded > 0 {
        let mut i = 0;
        rows.retain(|_| {
            i += 1;
            !repeat[i - 1]
        });
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn record(raw: &str, at: usize, case: Option<&str>) -> Result<Record, Reject> {
        Ok(Record {
            raw: raw.into(),
            kind: None,
            category: None,
            first_seen: None,
            at: format!("строка {at}"),
            case_number: case.map(str::to_owned),
        })
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 5, 1, 12, 0, 0).single().unwrap()
    }

    #[test]
    fn repeats_fold_into_the_first_row_with_their_cases() {
        let items = vec![
            record("http://b.example/", 2, Some("1")),
            record("http://A.example/", 3, None),
            Err(Reject {
                at: "строка 4".into(),
                reason: "полей: 2, а в строке заголовков — 3".into(),
            }),
            record("http://a.example/#frag", 5, Some("2")),
            record("not a value at all ::", 6, None),
            record("http://b.example", 7, Some("3")),
            record("http://a.example/", 8, Some("4")),
        ];
        let b = prepare(items.into_iter(), None, now());
        assert_eq!(b.taken, 7);
        assert_eq!(b.repeats, 3);
        let got: Vec<(&str, Vec<&str>)> = b
            .rows
            .iter()
            .map(|r| {
                (
                    r.canonical.as_str(),
                    r.cases.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("http://b.example/", vec!["1", "3"]),
                ("http://a.example/", vec!["2", "4"]),
            ]
        );
        assert_eq!(
            b.rows[1].raw, "http://A.example/",
            "the first raw value stays"
        );
        assert_eq!(b.rows[0].first_seen, now());
        let at: Vec<&str> = b.rejects.iter().map(|r| r.at.as_str()).collect();
        assert_eq!(at, ["строка 4", "строка 6"], "rejects in file order");
    }

    #[test]
    fn nothing_to_fold() {
        let b = prepare(
            vec![
                record("http://a.example/", 1, None),
                record("http://b.example/", 2, None),
            ]
            .into_iter(),
            None,
            now(),
        );
        assert_eq!((b.rows.len(), b.repeats, b.taken), (2, 0, 2));
        assert!(prepare(std::iter::empty(), None, now()).rows.is_empty());
    }
}
