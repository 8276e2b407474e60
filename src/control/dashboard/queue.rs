//! What the coordinator has to act on in a period: each agency's reports
//! counted by where they stand, and the queue of submitted reports waiting
//! for a decision, oldest submission first.

use crate::control::current::report_href;
use crate::control::status::Status;
use crate::control::store::ObligationView;

/// One agency's reports of the period, by where they stand.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Every report the period asks of it.
    pub owed: u32,
    /// Submitted, waiting for the coordinator.
    pub awaiting: u32,
    pub accepted: u32,
    pub returned: u32,
    /// Past the due date (or the granted one) with nothing submitted.
    pub overdue: u32,
}

impl Counts {
    pub fn add(&mut self, status: Status) {
        self.owed += 1;
        match status {
            Status::SubmittedOnTime | Status::SubmittedLate => self.awaiting += 1,
            Status::Accepted => self.accepted += 1,
            Status::Returned => self.returned += 1,
            Status::Overdue => self.overdue += 1,
            Status::NotYetDue | Status::Due => {}
        }
    }
}

/// The counts of `agency`'s obligations among `obs` (all of them: `None`).
pub fn counts(obs: &[ObligationView], agency: Option<i32>) -> Counts {
    let mut c = Counts::default();
    for o in obs
        .iter()
        .filter(|o| agency.is_none_or(|a| o.key.agency_id == a))
    {
        c.add(o.status);
    }
    c
}

/// A submitted report waiting for a decision.
pub struct Waiting {
    pub number: String,
    pub agency: String,
    pub href: String,
    pub late: bool,
}

/// The submitted reports of `obs`, the longest waiting first.
pub fn queue(obs: &[ObligationView]) -> Vec<Waiting> {
    let mut waiting: Vec<&ObligationView> = obs
        .iter()
        .filter(|o| matches!(o.status, Status::SubmittedOnTime | Status::SubmittedLate))
        .collect();
    waiting.sort_by_key(|o| o.report.as_ref().and_then(|r| r.submitted_at));
    waiting
        .into_iter()
        .map(|o| Waiting {
            number: o.number.clone(),
            agency: o.agency_name.clone(),
            href: report_href(o.key),
            late: o.status == Status::SubmittedLate,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_status_counts_once_where_it_stands() {
        let mut c = Counts::default();
        for s in [
            Status::NotYetDue,
            Status::Due,
            Status::SubmittedOnTime,
            Status::SubmittedLate,
            Status::Overdue,
            Status::Returned,
            Status::Accepted,
        ] {
            c.add(s);
        }
        assert_eq!(
            c,
            Counts {
                owed: 7,
                awaiting: 2,
                accepted: 1,
                returned: 1,
                overdue: 1
            }
        );
    }
}
