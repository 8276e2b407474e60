//! Settings: layering, the mail and reminder keys, redaction.

use super::*;

#[test]
fn passwords_are_redacted() {
    let c = Config {
        database_url: "postgres://dozor:s3cret@db:5432/dozor".into(),
        base_url: DEFAULT_BASE_URL.into(),
        calendar: None,
        smtp: Some(SmtpConfig {
            host: "mail.example".into(),
            port: 587,
            username: Some("dozor".into()),
            password: Some("m4il-pass".into()),
            from: "dozor@example.org".into(),
            tls: SmtpTls::StartTls,
            ca_file: None,
        }),
        reminders: ReminderConfig::default(),
        lookup: LookupConfig::default(),
        liveness: LivenessConfig::default(),
        trusted_proxies: Vec::new(),
        document: Default::default(),
    };
    let shown = format!("{c:?}");
    assert!(!shown.contains("s3cret"), "{shown}");
    assert!(!shown.contains("m4il-pass"), "{shown}");
    assert!(shown.contains("postgres://dozor:***@db:5432/dozor"));
    assert!(shown.contains("mail.example"), "{shown}");
    assert_eq!(redact_url("sqlite://dozor.db"), "sqlite://dozor.db");
}

#[test]
fn layers_override_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dozor.toml");
    std::fs::write(
        &file,
        "database_url = \"sqlite://file.db\"\ncalendar = \"cal.toml\"\n",
    )
    .unwrap();
    let o = Overrides {
        config: Some(file.clone()),
        ..Default::default()
    };
    let c = Config::load(&o).unwrap();
    assert_eq!(c.database_url, "sqlite://file.db");
    assert_eq!(c.calendar, Some(dir.path().join("cal.toml")));
    let o = Overrides {
        config: Some(file),
        database_url: Some("sqlite://flag.db".into()),
        calendar: None,
    };
    assert_eq!(Config::load(&o).unwrap().database_url, "sqlite://flag.db");
}

#[test]
fn the_document_section_is_read_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dozor.toml");
    let o = Overrides {
        config: Some(file.clone()),
        ..Default::default()
    };
    std::fs::write(
        &file,
        "[document]\norganisation = \"Прокуратура округа\"\napprover_name = \"Иванов И.И.\"\n",
    )
    .unwrap();
    let r = Config::load(&o).unwrap().document.trimmed();
    assert_eq!(r.organisation.as_deref(), Some("Прокуратура округа"));
    assert_eq!(r.approver_name.as_deref(), Some("Иванов И.И."));
    assert_eq!(r.place, None);
    std::fs::write(&file, "[document]\nsigner = \"x\"\n").unwrap();
    assert!(Config::load(&o).is_err(), "a misspelt key is an error");
    assert_eq!(
        Config::load(&Overrides::default()).unwrap().document,
        Default::default()
    );
}

#[test]
fn unknown_keys_and_missing_files_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, "database = 1").unwrap();
    let o = |p: PathBuf| Overrides {
        config: Some(p),
        ..Default::default()
    };
    assert!(Config::load(&o(file)).is_err());
    assert!(Config::load(&o(dir.path().join("missing.toml"))).is_err());
}

fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
    move |k| {
        pairs
            .iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| v.to_string())
    }
}

#[test]
fn smtp_and_reminders_come_from_the_file_then_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dozor.toml");
    std::fs::write(
        &file,
        "[smtp]\nhost = \"file.example\"\nport = 2525\nfrom = \"dozor@file.example\"\n\
         starttls = false\n[reminders]\ndays_before = 5\n",
    )
    .unwrap();
    let o = Overrides {
        config: Some(file),
        ..Default::default()
    };
    let c = Config::load_with_env(&o, &env_of(&[])).unwrap();
    let s = c.smtp.clone().unwrap();
    assert_eq!(
        (s.host.as_str(), s.port, s.tls),
        ("file.example", 2525, SmtpTls::None)
    );
    assert_eq!((s.username, s.password), (None, None));
    assert_eq!(
        c.reminders,
        ReminderConfig {
            days_before: 5,
            repeat_every_days: 3
        }
    );
    let env = env_of(&[
        ("DOZOR_SMTP_HOST", "env.example"),
        ("DOZOR_SMTP_PORT", "465"),
        ("DOZOR_SMTP_USERNAME", "robot"),
        ("DOZOR_SMTP_PASSWORD", "env-secret"),
        ("DOZOR_SMTP_FROM", "Дозор <dozor@env.example>"),
    ]);
    let s = Config::load_with_env(&o, &env).unwrap().smtp.unwrap();
    assert_eq!((s.host.as_str(), s.port), ("env.example", 465));
    assert_eq!(s.username.as_deref(), Some("robot"));
    assert_eq!(s.password.as_deref(), Some("env-secret"));
    assert_eq!(s.from, "Дозор <dozor@env.example>");
    assert_eq!(
        s.tls,
        SmtpTls::None,
        "the file's old starttls = false stays"
    );
    assert!(!format!("{s:?}").contains("env-secret"));
}

#[test]
fn mail_is_off_by_default_and_half_settings_are_errors() {
    let none = Overrides::default();
    let c = Config::load_with_env(&none, &env_of(&[])).unwrap();
    assert_eq!(c.smtp, None);
    assert_eq!(c.reminders, ReminderConfig::default());
    let only_host = env_of(&[("DOZOR_SMTP_HOST", "mail.example")]);
    assert!(
        Config::load_with_env(&none, &only_host).is_err(),
        "no sender"
    );
    let no_host = env_of(&[("DOZOR_SMTP_PASSWORD", "x")]);
    assert!(Config::load_with_env(&none, &no_host).is_err());
    let bad_port = env_of(&[
        ("DOZOR_SMTP_HOST", "mail.example"),
        ("DOZOR_SMTP_FROM", "dozor@example.org"),
        ("DOZOR_SMTP_PORT", "smtp"),
    ]);
    assert!(Config::load_with_env(&none, &bad_port).is_err());
    let bad_from = env_of(&[
        ("DOZOR_SMTP_HOST", "mail.example"),
        ("DOZOR_SMTP_FROM", "Дозор"),
    ]);
    assert!(Config::load_with_env(&none, &bad_from).is_err());
    let ok = env_of(&[
        ("DOZOR_SMTP_HOST", "mail.example"),
        ("DOZOR_SMTP_FROM", "dozor@example.org"),
    ]);
    let s = Config::load_with_env(&none, &ok).unwrap().smtp.unwrap();
    assert_eq!((s.port, s.tls), (587, SmtpTls::StartTls));
}

#[test]
fn lookup_servers_come_from_the_file_then_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dozor.toml");
    std::fs::write(
        &file,
        "[lookup]\nwhois_server = \"whois.example:4343\"\ntimeout_secs = 3\n[liveness]\nenabled = false\nconcurrency = 2\n",
    )
    .unwrap();
    let o = Overrides {
        config: Some(file),
        ..Default::default()
    };
    let c = Config::load_with_env(&o, &env_of(&[])).unwrap();
    assert_eq!(c.lookup.whois_server, "whois.example:4343");
    assert_eq!(c.lookup.timeout_secs, 3);
    assert_eq!(c.lookup.rdap_base, LookupConfig::default().rdap_base);
    assert!(!c.liveness.enabled);
    assert_eq!(c.liveness.concurrency, 2);
    assert!(!c.liveness.allow_private, "private addresses stay refused");
    let c = Config::load_with_env(
        &o,
        &env_of(&[
            ("DOZOR_WHOIS_SERVER", "127.0.0.1:43"),
            ("DOZOR_RDAP_BASE", "http://127.0.0.1:8080"),
        ]),
    )
    .unwrap();
    assert_eq!(c.lookup.whois_server, "127.0.0.1:43");
    assert_eq!(c.lookup.rdap_base, "http://127.0.0.1:8080");
}

#[test]
fn trusted_proxies_from_the_file_then_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dozor.toml");
    std::fs::write(
        &file,
        "trusted_proxies = [\"127.0.0.1\", \"10.1.2.3/8\", \"2001:db8::1\"]\n",
    )
    .unwrap();
    let o = Overrides {
        config: Some(file.clone()),
        ..Default::default()
    };
    let shown =
        |c: &Config| -> Vec<String> { c.trusted_proxies.iter().map(ToString::to_string).collect() };
    let c = Config::load_with_env(&o, &env_of(&[])).unwrap();
    assert_eq!(shown(&c), ["127.0.0.1/32", "10.0.0.0/8", "2001:db8::1/128"]);
    let env = env_of(&[("DOZOR_TRUSTED_PROXIES", " 192.168.0.0/16, ::1 ,")]);
    let c = Config::load_with_env(&o, &env).unwrap();
    assert_eq!(shown(&c), ["192.168.0.0/16", "::1/128"]);
    // None by default.
    let c = Config::load_with_env(&Overrides::default(), &env_of(&[])).unwrap();
    assert!(c.trusted_proxies.is_empty());
    let bad = env_of(&[("DOZOR_TRUSTED_PROXIES", "10.0.0.0/33")]);
    let e = Config::load_with_env(&o, &bad).unwrap_err();
    assert!(format!("{e:#}").contains("10.0.0.0/33"), "{e:#}");
    std::fs::write(&file, "trusted_proxies = [\"proxy.local\"]\n").unwrap();
    assert!(Config::load_with_env(&o, &env_of(&[])).is_err());
}

#[test]
fn the_example_config_loads() {
    let o = Overrides {
        config: Some(PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/dozor.toml"
        ))),
        ..Default::default()
    };
    let c = Config::load(&o).unwrap();
    let r = c.document.trimmed();
    assert_eq!(r.approver_name.as_deref(), Some("Иванов Иван Иванович"));
    assert!(r.organisation.unwrap().contains('\n'), "a line break kept");
    c.calendar().expect("the example's calendar reads");
}

#[test]
fn base_url_comes_from_the_file_then_the_environment_without_its_slash() {
    let none = env_of(&[]);
    let c = Config::load_with_env(&Overrides::default(), &none).unwrap();
    assert_eq!(c.base_url, "http://127.0.0.1:8080");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dozor.toml");
    std::fs::write(&file, "base_url = \"https://dozor.example.ru/app/\"\n").unwrap();
    let o = Overrides {
        config: Some(file.clone()),
        ..Default::default()
    };
    let c = Config::load_with_env(&o, &none).unwrap();
    assert_eq!(c.base_url, "https://dozor.example.ru/app");
    let env = env_of(&[("DOZOR_BASE_URL", "https://env.example/")]);
    assert_eq!(
        Config::load_with_env(&o, &env).unwrap().base_url,
        "https://env.example"
    );
    for bad in [
        "dozor.example.ru",
        "ftp://x.example",
        "https://x.example/?a=1",
    ] {
        std::fs::write(&file, format!("base_url = \"{bad}\"\n")).unwrap();
        let e = Config::load_with_env(&o, &none).unwrap_err();
        assert!(format!("{e:#}").contains("base_url"), "{bad}: {e:#}");
    }
}

/// `[smtp]` with host and sender plus `extra`, loaded with `env`.
fn smtp_with(
    extra: &str,
    env: &'static [(&'static str, &'static str)],
) -> (tempfile::TempDir, Result<Option<SmtpConfig>>) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dozor.toml");
    let text = format!("[smtp]\nhost = \"mail.example\"\nfrom = \"dozor@example.org\"\n{extra}");
    std::fs::write(&file, text).unwrap();
    let o = Overrides {
        config: Some(file),
        ..Default::default()
    };
    let c = Config::load_with_env(&o, &env_of(env)).map(|c| c.smtp);
    (dir, c)
}

#[test]
fn smtp_tls_modes_and_their_ports() {
    let mode = |extra: &str, env| {
        let s = smtp_with(extra, env).1.unwrap().unwrap();
        (s.tls, s.port)
    };
    assert_eq!(mode("", &[]), (SmtpTls::StartTls, 587));
    assert_eq!(mode("tls = \"starttls\"", &[]), (SmtpTls::StartTls, 587));
    assert_eq!(mode("tls = \"TLS\"", &[]), (SmtpTls::Tls, 465));
    assert_eq!(mode("tls = \"none\"", &[]), (SmtpTls::None, 25));
    assert_eq!(mode("starttls = true", &[]), (SmtpTls::StartTls, 587));
    assert_eq!(mode("starttls = false", &[]), (SmtpTls::None, 25));
    let env = &[("DOZOR_SMTP_TLS", "tls")];
    assert_eq!(mode("tls = \"none\"", env), (SmtpTls::Tls, 465));
    let old = &[("DOZOR_SMTP_STARTTLS", "false")];
    assert_eq!(mode("tls = \"tls\"", old), (SmtpTls::None, 25));
}

#[test]
fn bad_smtp_tls_values_are_errors() {
    let err = |extra: &str, env| format!("{:#}", smtp_with(extra, env).1.unwrap_err());
    let e = err("tls = \"ssl\"", &[]);
    assert!(
        e.contains("smtp.tls: «ssl» is none of starttls, tls, none"),
        "{e}"
    );
    let e = err("", &[("DOZOR_SMTP_TLS", "yes")]);
    assert!(e.contains("DOZOR_SMTP_TLS: «yes»"), "{e}");
    let e = err("tls = \"tls\"\nstarttls = true", &[]);
    assert!(e.contains("smtp.tls and smtp.starttls"), "{e}");
    let e = err("tls = 1", &[]);
    assert!(e.contains("tls"), "{e}");
}

#[test]
fn smtp_ca_file_is_read_relative_to_the_config_and_checked() {
    let (dir, c) = smtp_with("ca_file = \"missing.pem\"", &[]);
    let e = format!("{:#}", c.unwrap_err());
    assert!(e.contains("smtp.ca_file: cannot read"), "{e}");
    assert!(
        e.contains(&dir.path().join("missing.pem").display().to_string()),
        "{e}"
    );

    let ca = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/tls/ca.pem");
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(ca, dir.path().join("ca.pem")).unwrap();
    std::fs::write(dir.path().join("junk.pem"), "not a certificate\n").unwrap();
    let broken = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
    std::fs::write(dir.path().join("broken.pem"), broken).unwrap();
    let load = |extra: &str| {
        let file = dir.path().join("dozor.toml");
        let text = format!("[smtp]\nhost = \"h\"\nfrom = \"dozor@example.org\"\n{extra}");
        std::fs::write(&file, text).unwrap();
        let o = Overrides {
            config: Some(file),
            ..Default::default()
        };
        Config::load_with_env(&o, &env_of(&[])).map(|c| c.smtp.unwrap())
    };
    let s = load("ca_file = \"ca.pem\"").unwrap();
    let ca_file = s.ca_file.as_ref().unwrap();
    assert_eq!(
        (ca_file.path.clone(), ca_file.certs.len()),
        (dir.path().join("ca.pem"), 1)
    );
    assert!(format!("{s:?}").contains("(1 certificates)"));
    let e = format!("{:#}", load("ca_file = \"junk.pem\"").unwrap_err());
    assert!(e.contains("holds no CERTIFICATE block"), "{e}");
    let e = format!("{:#}", load("ca_file = \"broken.pem\"").unwrap_err());
    assert!(
        e.contains("smtp.ca_file") && e.contains("broken.pem"),
        "{e}"
    );
    let e = format!(
        "{:#}",
        load("tls = \"none\"\nca_file = \"ca.pem\"").unwrap_err()
    );
    assert!(e.contains("tls = \"none\""), "{e}");
}
