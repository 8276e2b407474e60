//! The registry's settings: defaults and partial `[liveness]` and `[lookup]` tables.

use super::*;

#[test]
fn config_defaults_and_partial_toml() {
    let c: LivenessConfig = toml::from_str("concurrency = 2\nallow_private = true").unwrap();
    assert_eq!(c.concurrency, 2);
    assert!(c.allow_private);
    assert_eq!(
        c.interval_minutes,
        LivenessConfig::default().interval_minutes
    );
    assert!(c.enabled && c.timeout_secs == 10 && c.batch == 500);
    assert!(toml::from_str::<LivenessConfig>("nonsense = 1").is_err());
}

#[test]
fn config_defaults_and_partial_files() {
    let c = LookupConfig::default();
    assert_eq!(c.whois_server, "whois.tcinet.ru:43");
    assert_eq!(c.rdap_base, "https://rdap.org");
    assert_eq!(c.timeout_secs, 10);
    let partial: LookupConfig = toml::from_str("timeout_secs = 3").unwrap();
    assert_eq!(
        partial,
        LookupConfig {
            timeout_secs: 3,
            ..c
        }
    );
    let zero = LookupConfig {
        timeout_secs: 0,
        ..LookupConfig::default()
    };
    assert_eq!(zero.timeout(), Duration::from_secs(1));
}
