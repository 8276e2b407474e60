//! Roles, the signed-in user, password hashing (argon2id) and API tokens.

use argon2::{Algorithm, Argon2, Params, Version};
use argon2::{PasswordHash, PasswordHasher, PasswordVerifier};
use dozor_indicator::hex;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What a user may do; DESIGN.md's four roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Coordinator,
    Executor,
    Viewer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Coordinator => "coordinator",
            Role::Executor => "executor",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "coordinator" => Some(Role::Coordinator),
            "executor" => Some(Role::Executor),
            "viewer" => Some(Role::Viewer),
            _ => None,
        }
    }

    /// The role's name in the UI.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "администратор",
            Role::Coordinator => "координатор",
            Role::Executor => "исполнитель",
            Role::Viewer => "наблюдатель",
        }
    }
}

/// The user a request acts for, from its session or API token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CurrentUser {
    pub id: i32,
    pub login: String,
    pub display_name: String,
    pub role: Role,
    /// The executor's agency; `None` for the other roles.
    pub agency_id: Option<i32>,
}

impl CurrentUser {
    /// This user as the author of a change.
    pub fn actor(&self) -> crate::actor::Actor {
        crate::actor::Actor::user(self.id, self.login.as_str())
    }

    pub fn is_coordinator(&self) -> bool {
        self.role == Role::Coordinator
    }

    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// May this user read the reports of `agency`? Executors see only their own.
    pub fn can_read_agency(&self, agency: i32) -> bool {
        match self.role {
            Role::Executor => self.agency_id == Some(agency),
            Role::Admin | Role::Coordinator | Role::Viewer => true,
        }
    }

    /// May this user write (draft, submit, ask for an extension) for `agency`?
    pub fn can_write_agency(&self, agency: i32) -> bool {
        self.role == Role::Executor && self.agency_id == Some(agency)
    }
}

fn argon2() -> Argon2<'static> {
    // OWASP's argon2id minimum: 19 MiB, 2 passes, 1 lane.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// An argon2id PHC string with a fresh salt.
pub fn hash_password(password: &str) -> Result<String, String> {
    argon2()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| argon2().verify_password(password.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

/// A hash that takes as long to check as a real one, for unknown logins,
/// so response time does not tell which logins exist.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("dozor-dummy-password").unwrap_or_default())
}

/// Random bytes as lowercase hex.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    // The OS generator failing is unrecoverable; an all-zero token would be worse.
    if getrandom::fill(&mut buf).is_err() {
        return String::new();
    }
    hex(&buf)
}

pub fn sha256_hex(s: &str) -> String {
    hex(&Sha256::digest(s.as_bytes()))
}

/// A new API token: `dzr_` + 40 hex digits. Only its hash is stored.
pub fn new_api_token() -> String {
    format!("dzr_{}", random_hex(20))
}

/// Passwords must be at least this long.
pub const MIN_PASSWORD: usize = 10;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("wrong", &h));
        assert!(!verify_password("x", "not a hash"));
        assert_ne!(h, hash_password("correct horse battery").unwrap(), "salted");
    }

    #[test]
    fn executors_write_only_their_agency() {
        let u = CurrentUser {
            id: 1,
            login: "e".into(),
            display_name: "E".into(),
            role: Role::Executor,
            agency_id: Some(2),
        };
        assert!(u.can_write_agency(2) && u.can_read_agency(2));
        assert!(!u.can_write_agency(3) && !u.can_read_agency(3));
        let c = CurrentUser {
            role: Role::Coordinator,
            agency_id: None,
            ..u
        };
        assert!(c.can_read_agency(3) && !c.can_write_agency(3));
    }

    #[test]
    fn tokens_are_random() {
        let a = new_api_token();
        assert_eq!(a.len(), 44);
        assert_ne!(a, new_api_token());
        assert_eq!(sha256_hex("abc").len(), 64);
    }

    #[test]
    fn hex_is_lower_case_and_padded() {
        assert_eq!(hex(&[0x00, 0xab, 0x0f, 0xff]), "00ab0fff");
        assert_eq!(hex(&[]), "");
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
