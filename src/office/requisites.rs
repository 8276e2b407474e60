//! The requisites of an official document after ГОСТ Р 7.0.97-2016: the
//! standing ones (`Requisites`, set once in `dozor.toml` under `[document]`)
//! and those of one issue (`Issue`: its date and registration number). Plain
//! data, so that `office` needs nothing from the layers above it.

use chrono::NaiveDate;

/// The standing requisites; each is printed only when set. `[document]`
/// in `dozor.toml` is read straight into it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Requisites {
    /// The author organisation («Прокуратура Ханты-Мансийского автономного округа – Югры»).
    pub organisation: Option<String>,
    /// Where the document is made («г. Ханты-Мансийск»).
    pub place: Option<String>,
    /// To whom it goes («Координационное совещание …»), possibly several lines.
    pub addressee: Option<String>,
    pub approver_position: Option<String>,
    /// The approver's full name or «И.И. Иванов»: printed as initials and surname.
    pub approver_name: Option<String>,
    pub signatory_position: Option<String>,
    pub signatory_name: Option<String>,
    /// The executor mark: who prepared the document and their phone.
    pub executor_name: Option<String>,
    pub executor_phone: Option<String>,
}

impl Requisites {
    /// The same with every value trimmed; a value of blanks counts as not set.
    pub fn trimmed(&self) -> Requisites {
        let set = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        Requisites {
            organisation: set(&self.organisation),
            place: set(&self.place),
            addressee: set(&self.addressee),
            approver_position: set(&self.approver_position),
            approver_name: set(&self.approver_name),
            signatory_position: set(&self.signatory_position),
            signatory_name: set(&self.signatory_name),
            executor_name: set(&self.executor_name),
            executor_phone: set(&self.executor_phone),
        }
    }

    /// The author as document properties name it: the organisation on one
    /// line, else «Дозор».
    pub fn author(&self) -> String {
        match &self.organisation {
            Some(o) => o.split_whitespace().collect::<Vec<_>>().join(" "),
            None => "Дозор".to_owned(),
        }
    }
}

/// The requisites of one issue of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    pub date: NaiveDate,
    /// The registration number («15-02/2020»); `None` for a draft.
    pub number: Option<String>,
}

impl Issue {
    /// «15.10.2020 № 15-02/2020», or only the date for a draft.
    pub fn date_and_number(&self) -> String {
        let date = self.date.format("%d.%m.%Y").to_string();
        match &self.number {
            Some(n) => format!("{date} № {n}"),
            None => date,
        }
    }
}

/// «Иванов Иван Иванович» → «И.И. Иванов»; a name already written as
/// initials and surname («И.И. Иванов», «Иванов И.И.») comes out as
/// «И.И. Иванов». Full names are read surname first, as Russian lists write
/// them, unless the middle word is a patronymic and the last is not
/// («Иван Иванович Иванов»).
pub fn initials_surname(full: &str) -> String {
    let words: Vec<&str> = full.split_whitespace().collect();
    let (initials, rest): (Vec<&str>, Vec<&str>) = words.iter().partition(|w| is_initials(w));
    if !initials.is_empty() {
        let mut out: String = initials.iter().map(|w| initials_of_group(w)).collect();
        if !rest.is_empty() {
            out.push(' ');
            out.push_str(&rest.join(" "));
        }
        return out;
    }
    let (surname, given): (&str, Vec<&str>) = match words.as_slice() {
        [] => return String::new(),
        [one] => return (*one).to_owned(),
        [name, patronymic, surname] if is_patronymic(patronymic) && !is_patronymic(surname) => {
            (surname, vec![name, patronymic])
        }
        [surname, given @ ..] => (surname, given.to_vec()),
    };
    let initials: String = given.iter().map(|w| initial(w)).collect();
    format!("{initials} {surname}")
}

/// «И.», «И.И.», «И.И»: letters each followed by a dot (the last one may
/// lack it), at most three.
fn is_initials(w: &str) -> bool {
    let letters: Vec<&str> = w.split('.').filter(|p| !p.is_empty()).collect();
    w.contains('.')
        && (1..=3).contains(&letters.len())
        && letters
            .iter()
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
}

/// «И.И» → «И.И.».
fn initials_of_group(w: &str) -> String {
    w.split('.')
        .filter(|p| !p.is_empty())
        .map(|p| format!("{}.", p.to_uppercase()))
        .collect()
}

/// The first letter, capital, and a dot; «Анна-Мария» → «А.-М.».
fn initial(w: &str) -> String {
    w.split('-')
        .filter_map(|part| part.chars().next())
        .map(|c| format!("{}.", c.to_uppercase()))
        .collect::<Vec<_>>()
        .join("-")
}

fn is_patronymic(w: &str) -> bool {
    let w = w.to_lowercase();
    ["вич", "вна", "чна", "оглы", "кызы"]
        .iter()
        .any(|end| w.ends_with(end))
}

#[cfg(test)]
mod tests;
