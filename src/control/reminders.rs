//! Which reminders go out on a given day, and their Russian text: one digest
//! per executor listing every open obligation of their agency that is due in
//! `days_before` days, due today, or overdue by a multiple of
//! `repeat_every_days`; the agency's head contact gets a copy of the overdue
//! ones. Derived from state, not from the calendar alone: an obligation
//! whose last reminder day passed while nothing ran (the server was down)
//! is in the next digest, once. Pure: the caller loads the obligations and
//! what was sent before, and stores or mails the result.

use super::status::Status;
use super::store::ObligationView;
use crate::accounts::model::Role;
use crate::config::ReminderConfig;
use crate::db::entity::accounts::user;
use crate::db::entity::plan::agency;
use crate::ru;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// Where today stands against an obligation's due date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    Ahead(u32),
    Today,
    /// Days past the due date.
    Late(u32),
}

impl When {
    /// The longest overdue first: that is what needs doing most.
    fn rank(self) -> i64 {
        match self {
            When::Late(n) => -i64::from(n),
            When::Today => 0,
            When::Ahead(n) => i64::from(n),
        }
    }
}

/// The last reminder day of an obligation due on `due`, on or before
/// `today`: `days_before` ahead, the due day, and every `repeat_every_days`
/// after it. `None` while the first is still to come.
pub fn occasion(due: NaiveDate, today: NaiveDate, cfg: &ReminderConfig) -> Option<NaiveDate> {
    if today >= due {
        let late = u32::try_from((today - due).num_days()).ok()?;
        let every = cfg.repeat_every_days;
        let back = if every > 0 { late - late % every } else { 0 };
        return due.checked_add_days(chrono::Days::new(u64::from(back)));
    }
    let first = due.checked_sub_days(chrono::Days::new(u64::from(cfg.days_before)))?;
    (cfg.days_before > 0 && first <= today).then_some(first)
}

/// Where `today` stands against `due`, in days.
fn standing(due: NaiveDate, today: NaiveDate) -> When {
    let ahead = (due - today).num_days();
    match u32::try_from(ahead.unsigned_abs()).unwrap_or(u32::MAX) {
        0 => When::Today,
        n if ahead > 0 => When::Ahead(n),
        n => When::Late(n),
    }
}

/// The last day each reader was sent a digest before today: a reminder day
/// after it that passed unsent is caught up on.
#[derive(Clone, Debug, Default)]
pub struct Sent {
    pub users: HashMap<i32, NaiveDate>,
    /// By lower-case address.
    pub heads: HashMap<String, NaiveDate>,
    /// For a reader with no record: `None` means never sent.
    pub otherwise: Option<NaiveDate>,
}

impl Sent {
    /// As if a digest went out every day before `today`: only today's
    /// reminder days count.
    pub fn daily(today: NaiveDate) -> Sent {
        Sent {
            otherwise: today.pred_opt(),
            ..Sent::default()
        }
    }

    fn user(&self, id: i32) -> Option<NaiveDate> {
        self.users.get(&id).copied().or(self.otherwise)
    }

    fn head(&self, email: &str) -> Option<NaiveDate> {
        self.heads
            .get(&email.to_lowercase())
            .copied()
            .or(self.otherwise)
    }
}

/// Is the reminder of an obligation with this `occasion` still owed to a
/// reader last sent a digest on `last`?
fn owed(occasion: NaiveDate, last: Option<NaiveDate>) -> bool {
    last.is_none_or(|l| occasion > l)
}

/// One line of a digest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub agency_id: i32,
    pub when: When,
    /// The reminder day this line answers.
    pub occasion: NaiveDate,
    /// The same, once it fell after the due date: a head is copied on
    /// overdue items only.
    late_occasion: Option<NaiveDate>,
    pub status: Status,
    measure_index: usize,
    text: String,
}

impl Item {
    /// `plan` names the plan when a digest spans several: their measures
    /// are numbered from 1 in each.
    fn new(o: &ObligationView, when: When, occasion: NaiveDate, plan: Option<&str>) -> Item {
        let timing = match when {
            When::Ahead(n) => format!("до срока {}", days(n)),
            When::Today => "срок сегодня".to_string(),
            When::Late(n) => format!("срок прошёл {} назад", days(n)),
        };
        let asked = match o.status {
            Status::Returned => "доработайте отчёт по замечаниям координатора и представьте его",
            Status::Overdue => "отчёт не представлен — представьте его без промедления",
            _ => "представьте отчёт",
        };
        Item {
            agency_id: o.key.agency_id,
            when,
            occasion,
            late_occasion: Some(occasion).filter(|d| *d > o.facts.effective_due()),
            status: o.status,
            measure_index: o.measure_index,
            text: format!(
                "• № {}{} «{}» — {}, срок {} ({timing}): {asked}.",
                o.number,
                plan.map(|p| format!(" плана «{}»", short(p)))
                    .unwrap_or_default(),
                short(&o.measure_title),
                crate::time::period::russian(o.key.period),
                ru::date(o.facts.effective_due()),
            ),
        }
    }
}

/// A digest for one user: stored in the app, and mailed when `mail_to` is set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Digest {
    pub user_id: i32,
    /// `None` for disabled users and users without an address.
    pub mail_to: Option<String>,
    pub items: Vec<Item>,
    pub body: String,
}

/// The copy of overdue items for a head contact, who is not a user: mail only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeadCopy {
    pub email: String,
    pub items: Vec<Item>,
    pub body: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Day {
    pub digests: Vec<Digest>,
    pub heads: Vec<HeadCopy>,
}

pub fn subject(today: NaiveDate) -> String {
    format!("Дозор: сроки отчётов на {}", ru::date(today))
}

pub fn head_subject(today: NaiveDate) -> String {
    format!("Дозор: просроченные отчёты на {}", ru::date(today))
}

/// Today's digests over the obligations of every period in question.
pub fn plan_day(
    obligations: &[ObligationView],
    users: &[user::Model],
    agencies: &[agency::Model],
    today: NaiveDate,
    cfg: &ReminderConfig,
) -> Day {
    let sent = Sent::daily(today);
    plans_day(&[("", obligations)], users, agencies, today, cfg, &sent)
}

/// Today's digests over several plans' obligations, `(title, obligations)`
/// each: one digest per executor still, its items naming their plan.
pub fn plans_day(
    plans: &[(&str, &[ObligationView])],
    users: &[user::Model],
    agencies: &[agency::Model],
    today: NaiveDate,
    cfg: &ReminderConfig,
    sent: &Sent,
) -> Day {
    let mut by_agency: BTreeMap<i32, Vec<(usize, Item)>> = BTreeMap::new();
    for (i, (title, obligations)) in plans.iter().enumerate() {
        let label = (plans.len() > 1).then_some(*title);
        // Open is what completeness leaves out: nothing sent, a draft, or a
        // report returned for revision (the one rule, `Facts::assess`).
        for o in obligations.iter().filter(|o| !o.facts.complete()) {
            let due = o.facts.effective_due();
            if let Some(day) = occasion(due, today, cfg) {
                let item = Item::new(o, standing(due, today), day, label);
                by_agency
                    .entry(o.key.agency_id)
                    .or_default()
                    .push((i, item));
            }
        }
    }
    let by_agency: BTreeMap<i32, Vec<Item>> = by_agency
        .into_iter()
        .map(|(a, mut items)| {
            items.sort_by_key(|(plan, i)| (i.when.rank(), *plan, i.measure_index));
            (a, items.into_iter().map(|(_, i)| i).collect())
        })
        .collect();
    let name = |id: i32| {
        agencies
            .iter()
            .find(|a| a.id == id)
            .map_or_else(String::new, |a| a.name.clone())
    };
    let mut day = Day::default();
    for u in users.iter().filter(|u| u.role == Role::Executor.as_str()) {
        let Some((agency_id, items)) = u.agency_id.and_then(|a| by_agency.get_key_value(&a)) else {
            continue;
        };
        let last = sent.user(u.id);
        let items: Vec<Item> = items
            .iter()
            .filter(|i| owed(i.occasion, last))
            .cloned()
            .collect();
        if items.is_empty() {
            continue;
        }
        let heading = format!(
            "Напоминание о сроках отчётов на {}\n{}",
            ru::date(today),
            name(*agency_id)
        );
        day.digests.push(Digest {
            user_id: u.id,
            mail_to: mail_to(u),
            body: render(&heading, &[(String::new(), &items)]),
            items,
        });
    }
    day.heads = head_copies(&by_agency, &day.digests, agencies, today, sent);
    day
}

/// One copy per head address, however many agencies it heads.
fn head_copies(
    by_agency: &BTreeMap<i32, Vec<Item>>,
    digests: &[Digest],
    agencies: &[agency::Model],
    today: NaiveDate,
    sent: &Sent,
) -> Vec<HeadCopy> {
    let mut by_email: BTreeMap<String, Vec<(String, Vec<Item>)>> = BTreeMap::new();
    for a in agencies {
        let Some(email) = address(a.head_email.as_deref()) else {
            continue;
        };
        let overdue: Vec<Item> = by_agency
            .get(&a.id)
            .into_iter()
            .flatten()
            .filter(|i| i.status == Status::Overdue)
            .filter(|i| i.late_occasion.is_some_and(|d| owed(d, sent.head(&email))))
            .cloned()
            .collect();
        // A head who is also the agency's executor already has these items.
        let has_them = digests.iter().any(|d| {
            d.mail_to.as_deref().is_some_and(|m| same(m, &email))
                && d.items.first().is_some_and(|i| i.agency_id == a.id)
        });
        if !overdue.is_empty() && !has_them {
            by_email
                .entry(email.to_lowercase())
                .or_default()
                .push((a.name.clone(), overdue));
        }
    }
    by_email
        .into_iter()
        .map(|(email, groups)| {
            let heading = format!(
                "Просроченные отчёты на {} (копия руководителю)",
                ru::date(today)
            );
            let refs: Vec<(String, &Vec<Item>)> =
                groups.iter().map(|(n, i)| (n.clone(), i)).collect();
            HeadCopy {
                body: render(&heading, &refs),
                items: groups.into_iter().flat_map(|(_, i)| i).collect(),
                email,
            }
        })
        .collect()
}

fn render(heading: &str, groups: &[(String, &Vec<Item>)]) -> String {
    let mut out = format!("{heading}\n");
    for (agency, items) in groups {
        out.push('\n');
        if !agency.is_empty() {
            out.push_str(&format!("{agency}:\n"));
        }
        for i in items.iter() {
            out.push_str(&i.text);
            out.push('\n');
        }
    }
    out.push_str("\nОтчёты представляются в системе «Дозор», раздел «Мои обязательства».\n");
    out
}

/// Where a user's digest or notice is mailed: nowhere for disabled users,
/// users without an address and users who turned mail off (they still see
/// it in the app).
pub fn mail_to(u: &user::Model) -> Option<String> {
    if u.disabled || u.mail_off {
        return None;
    }
    address(u.email.as_deref())
}

fn address(email: Option<&str>) -> Option<String> {
    email
        .map(str::trim)
        .filter(|e| e.contains('@'))
        .map(str::to_string)
}

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// A measure's title cut to a readable length at a word boundary.
pub(crate) fn short(title: &str) -> String {
    const MAX: usize = 90;
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.chars().count() <= MAX {
        return title;
    }
    let cut: String = title.chars().take(MAX).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

/// "1 день", "3 дня", "6 дней", "21 день".
pub fn days(n: u32) -> String {
    let word = match (n % 10, n % 100) {
        (_, 11..=14) => "дней",
        (1, _) => "день",
        (2..=4, _) => "дня",
        _ => "дней",
    };
    format!("{n} {word}")
}

#[cfg(test)]
mod tests;
