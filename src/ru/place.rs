//! The key of a Russian place name, so that the spellings officials use
//! for one municipality meet: case, «ё»/«е», punctuation and spaces do not
//! count, nor do the words that only say what kind of place it is («г.»,
//! «город», «городской округ»), and the district's forms («муниципальный
//! район», «р-н», «МР») all read «район». The adjective stays, so «Сургут»
//! (the city) and «Сургутский район» (the district around it) never meet.
//! Here, below the store's migrations, because they seed keys too.

/// Words that say only "a city" or "a city district".
const CITY_WORDS: &[&str] = &["г", "гор", "город", "городской", "округ", "го"];
/// Forms of «район».
const DISTRICT_WORDS: &[&str] = &["район", "р-н", "р-он", "мр", "рн"];

/// The matching key of a place name: lower case, «ё» as «е», words
/// joined by one space, hyphenated parts as words.
pub fn key(name: &str) -> String {
    let lower = name.to_lowercase().replace('ё', "е");
    let dashed: String = lower
        .chars()
        .map(|c| match c {
            '–' | '—' | '‑' | '−' | '‐' => '-',
            c if c.is_alphanumeric() || c == '-' => c,
            _ => ' ',
        })
        .collect();
    let mut words: Vec<&str> = Vec::new();
    for token in dashed.split_whitespace() {
        let token = token.trim_matches('-');
        if DISTRICT_WORDS.contains(&token) {
            words.push("район");
        } else {
            words.extend(token.split('-').filter(|w| !w.is_empty()));
        }
    }
    // «муниципальный район» is «район»; «муниципальное образование» says nothing.
    words
        .into_iter()
        .filter(|w| !CITY_WORDS.contains(w))
        .filter(|w| !matches!(*w, "муниципальный" | "муниципальное" | "образование" | "мо"))
        .collect::<Vec<_>>()
        .join(" ")
}
