//! The registry's pages: who may read and write, the add form with its
//! preview, search, filters and paging, the indicator page and its blocking
//! timeline, bulk upload, exports and the blocking document.

use crate::helpers::{TestDb, now, on_both_engines};
use crate::web_client::{App, PASSWORD};
use axum::http::StatusCode;
use dozor::accounts::model::Role;
use dozor::accounts::store::{NewUser, create_user};
use dozor::actor::Actor;
use dozor::db::entity::registry::{indicator, indicator_case};
use sea_orm::{EntityTrait, PaginatorTrait};

on_both_engines!(
    a_card_number_searched_for_leaves_the_address,
    registry_access_by_role_and_measure,
    add_form_previews_and_saves_all_or_nothing,
    the_category_is_proposed_from_each_values_kind,
    search_filters_and_paging,
    indicator_page_and_blocking_timeline,
    upload_reports_and_exports,
    owner_look_up_from_the_page,
);

async fn count_indicators(app: &App) -> u64 {
    indicator::Entity::find()
        .count(&app.state.db)
        .await
        .unwrap()
}

/// An executor of an agency that does not execute measures 9 and 10.
async fn outsider(app: &App) -> String {
    let other = dozor::accounts::agencies::add_agency(
        &app.state.db,
        "Департамент образования и науки",
        None,
        now(),
        &Actor::named("test"),
    )
    .await
    .unwrap();
    let n = NewUser {
        login: "outsider",
        display_name: "outsider",
        role: Role::Executor,
        agency_id: Some(other),
        email: None,
        password: PASSWORD,
    };
    create_user(&app.state.db, &n, now(), &Actor::named("test"))
        .await
        .unwrap();
    "outsider".into()
}

async fn registry_access_by_role_and_measure(t: &TestDb) {
    let app = App::new(t).await;
    let anon = app.client().get("/registry").await;
    assert_eq!(anon.status, StatusCode::SEE_OTHER, "anonymous → login");
    let who = outsider(&app).await;
    let mut o = app.login(&who).await;
    assert_eq!(o.get("/registry").await.status, StatusCode::FORBIDDEN);
    for login in ["viewer", "admin"] {
        let mut c = app.login(login).await;
        let r = c.get("/registry").await;
        assert_eq!(r.status, StatusCode::OK, "{login}");
        assert!(
            !r.body.contains("/registry/new"),
            "{login} sees no add link"
        );
        let r = c
            .post(
                "/registry/new",
                &[("values", "evil-site.ru"), ("category", "phishing")],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{login}");
        assert_eq!(
            c.get("/registry/import").await.status,
            StatusCode::FORBIDDEN
        );
    }
    for login in ["coord", "prok", "umvd"] {
        let mut c = app.login(login).await;
        let r = c.get("/registry").await;
        assert!(r.body.contains("/registry/new"), "{login} may add");
        let r = c
            .post(
                "/registry/new",
                &[
                    ("values", &format!("{login}-scam.ru")),
                    ("category", "phishing"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{login}: {}", r.body);
    }
    assert_eq!(count_indicators(&app).await, 3);
    // CSRF holds for the registry's forms too.
    let mut c = app.login("coord").await;
    c.get("/registry/new").await;
    let r = c
        .post_raw(
            "/registry/new",
            &[("values", "x-scam.ru"), ("category", "phishing")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

/// Left to the kind, a phone is saved as a call «from the bank», a site as
/// phishing, a listing as a fake shop; a category chosen wins for all.
async fn the_category_is_proposed_from_each_values_kind(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.login("prok").await;
    let page = c.get("/registry/new").await;
    assert!(
        page.body.contains(
            r#"<select name="category" id="f-category"><option value="">по виду ресурса"#
        )
    );
    let values = "8 (912) 345-67-89\nhttps://scam-bank.ru/login\nhttps://www.avito.ru/moskva/telefony/iphone_15_1234567890";
    let preview = c
        .post(
            "/registry/new/preview",
            &[("values", values), ("category", "")],
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    for label in [
        "звонок от «службы безопасности банка»",
        "фишинговый сайт",
        "фальшивый магазин",
    ] {
        assert!(preview.body.contains(label), "{label}: {}", preview.body);
    }
    let r = c
        .post("/registry/new", &[("values", values), ("category", "")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut saved: Vec<(String, String)> = indicator::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|i| (i.kind, i.category))
        .collect();
    saved.sort();
    assert_eq!(
        saved,
        [
            ("listing".to_string(), "fake_shop".to_string()),
            ("phone".to_string(), "fake_bank_call".to_string()),
            ("url".to_string(), "phishing".to_string()),
        ]
    );
    let r = c
        .post(
            "/registry/new",
            &[
                ("values", "+7 912 000-00-01"),
                ("category", "fake_delivery"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let phone = indicator::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.canonical == "+79120000001")
        .unwrap();
    assert_eq!(phone.category, "fake_delivery");
    let r = c
        .post(
            "/registry/new",
            &[("values", "x.ru"), ("category", "bogus")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn add_form_previews_and_saves_all_or_nothing(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.login("prok").await;
    assert_eq!(c.get("/registry/new").await.status, StatusCode::OK);
    let r = c
        .post(
            "/registry/new",
            &[
                ("values", "8 (912) 345-67-89\nhttps://ПРИМЕР.рф/login#x"),
                ("category", "fake_bank_call"),
                ("case_number", "КУСП 1234"),
                ("case_date", "2020-10-05"),
                ("case_article", "159 ч. 3"),
                ("case_damage", "1 250 000"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(count_indicators(&app).await, 2);
    // The check service knows it at once.
    let check = c.get("/api/v1/check?q=%2B7%20912%20345%2067%2089").await;
    assert!(check.body.contains("\"listed\":true"), "{}", check.body);
    // The preview: normalised values, the duplicate shown, errors per line.
    let r = c
        .post(
            "/registry/new/preview",
            &[("values", "79123456789\nnot a thing at all\nfresh-shop.ru")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("+7 912 345-67-89"), "{}", r.body);
    assert!(r.body.contains("уже в реестре"), "{}", r.body);
    assert!(r.body.contains("новый"), "{}", r.body);
    assert!(r.body.contains("class=\"danger\""), "{}", r.body);
    // A bad line refuses the whole list: nothing half-written.
    let r = c
        .post(
            "/registry/new",
            &[("values", "good-shop.ru\n12345"), ("category", "phishing")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Строка 2"), "{}", r.body);
    assert_eq!(count_indicators(&app).await, 2);
    // A card without the configured key is refused with a clear message.
    let r = c
        .post(
            "/registry/new",
            &[("values", "4111 1111 1111 1111"), ("category", "phishing")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Номера карт сейчас не принимаются"),
        "{}",
        r.body
    );
    assert!(
        !r.body.contains("DOZOR_CARD_KEY"),
        "no setting's name for a user"
    );
    // The same phone again merges into the stored one.
    let r = c
        .post(
            "/registry/new",
            &[("values", "+7 912 3456789"), ("category", "phishing")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(count_indicators(&app).await, 2);
    let page = c.get(r.location.as_deref().unwrap()).await;
    assert!(page.body.contains("КУСП 1234"), "{}", page.body);
    assert!(
        page.body.contains("1\u{202f}250\u{202f}000 руб."),
        "{}",
        page.body
    );
    assert!(page.body.contains("+7 912 3456789"), "both spellings kept");
}

async fn search_filters_and_paging(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.login("coord").await;
    c.get("/registry/new").await;
    let many: Vec<String> = (0..60).map(|i| format!("shop{i}.ru")).collect();
    let r = c
        .post(
            "/registry/new",
            &[("values", &many.join("\n")), ("category", "fake_shop")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let umvd = app.agency("УМВД").await.to_string();
    let r = c
        .post(
            "/registry/new",
            &[
                ("values", "8 800 555-35-35"),
                ("category", "fake_bank_call"),
                ("case_number", "КУСП 77"),
                ("case_agency", &umvd),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page1 = c.get("/registry?kind=domain").await;
    assert_eq!(page1.body.matches("<input type=\"checkbox\"").count(), 50);
    assert!(page1.body.contains("shop59.ru") && !page1.body.contains(">shop9.ru<"));
    let next = page1
        .body
        .split("href=\"/registry?")
        .find_map(|s| s.split('"').next().filter(|h| h.contains("before=")))
        .unwrap()
        .replace("&#38;", "&");
    let page2 = c.get(&format!("/registry?{next}")).await;
    assert_eq!(page2.body.matches("<input type=\"checkbox\"").count(), 10);
    assert!(page2.body.contains(">shop0.ru<"));
    assert!(!page2.body.contains("дальше"));
    // Search by a raw spelling finds the canonical value; by a fragment too.
    let r = c.get("/registry?q=88005553535").await;
    assert!(r.body.contains("+7 800 555-35-35"), "{}", r.body);
    assert_eq!(r.body.matches("<input type=\"checkbox\"").count(), 1);
    let r = c.get("/registry?q=shop1").await;
    assert_eq!(r.body.matches("<input type=\"checkbox\"").count(), 11);
    // Filters: category, status, agency of the linked case.
    let r = c.get("/registry?category=fake_bank_call").await;
    assert_eq!(r.body.matches("<input type=\"checkbox\"").count(), 1);
    let r = c.get(&format!("/registry?agency={umvd}")).await;
    assert_eq!(r.body.matches("<input type=\"checkbox\"").count(), 1);
    // `_` is a character in a search, not a wildcard.
    let r = c
        .post(
            "/registry/new",
            &[
                ("values", "@scam_channel\n@scamzchannel"),
                ("category", "fake_investment"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = c.get("/registry?q=scam_ch").await;
    assert_eq!(
        r.body.matches("<input type=\"checkbox\"").count(),
        1,
        "{}",
        r.body
    );
    let r = c.get("/registry?status=blocked").await;
    assert!(r.body.contains("Ничего не найдено"));
}

async fn indicator_page_and_blocking_timeline(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.login("umvd").await;
    c.get("/registry/new").await;
    let r = c
        .post(
            "/registry/new",
            &[
                ("values", "http://evil.example/pay"),
                ("category", "phishing"),
            ],
        )
        .await;
    let href = r.location.unwrap();
    let id: i32 = href.rsplit('/').next().unwrap().parse().unwrap();
    let page = c.get(&href).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Меры по блокировке не принимались"));
    assert!(
        page.body
            .contains("<dt>Источник</dt><dd>добавлен вручную</dd>"),
        "in words, not «manual»"
    );
    assert!(page.body.contains("value=\"judicial:claim_filed\""));
    assert!(page.body.contains("value=\"extrajudicial:request_sent\""));
    let steps = format!("{href}/steps");
    // Out of order: refused with the step expected, in Russian.
    let r = c
        .post(
            &steps,
            &[("step", "judicial:decision"), ("on", "2020-10-01")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("подано исковое заявление"), "{}", r.body);
    for (step, on) in [
        ("judicial:claim_filed", "2020-10-01"),
        ("judicial:decision", "2020-10-20"),
    ] {
        let r = c.post(&steps, &[("step", step), ("on", on)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{step}: {}", r.body);
    }
    let page = c.get(&href).await;
    assert!(page.body.contains("01.10.2020"), "{}", page.body);
    assert!(page.body.contains("вынесено решение суда"));
    assert!(page.body.contains("value=\"judicial:in_force\""));
    assert!(page.body.contains("на блокировке"));
    let r = c
        .post(&steps, &[("step", "judicial:appeal"), ("on", "2020-10-21")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("срок"), "{}", r.body);
    // Category change and a case linked later.
    let r = c
        .post(&format!("{href}/category"), &[("category", "fake_shop")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = c
        .post(
            &format!("{href}/cases"),
            &[("case_number", "УД 12001"), ("case_damage", "abc")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = c
        .post(
            &format!("{href}/cases"),
            &[("case_number", "УД 12001"), ("case_article", "159")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let links = indicator_case::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].indicator_id, id);
    let page = c.get(&href).await;
    assert!(page.body.contains("фальшивый магазин") && page.body.contains("УД 12001"));
    // Readers see the page without the forms.
    let mut v = app.login("viewer").await;
    let page = v.get(&href).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("id=\"next-step\""));
    let r = v
        .post(
            &steps,
            &[("step", "judicial:in_force"), ("on", "2020-11-01")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        c.get("/registry/999999").await.status,
        StatusCode::NOT_FOUND
    );
    // The liveness history, newest first, in words.
    for (online, status, error, at) in [
        (true, Some(200), None, "2020-10-01T05:00:00Z"),
        (false, None, Some("timeout"), "2020-10-02T05:00:00Z"),
    ] {
        let check = dozor::registry::liveness::store::NewCheck {
            indicator_id: id,
            checked_at: at.parse().unwrap(),
            online,
            http_status: status,
            error: error.map(str::to_string),
        };
        dozor::registry::liveness::store::insert(&app.state.db, check)
            .await
            .unwrap();
    }
    let page = v.get(&href).await;
    let live = page.body.split("<h2>Доступность</h2>").nth(1).unwrap();
    let (first, second) = (
        live.find("02.10.2020").unwrap(),
        live.find("01.10.2020").unwrap(),
    );
    assert!(first < second, "newest first");
    assert!(
        live.contains("HTTP 200") && live.contains("работает"),
        "{live}"
    );
    assert!(live.contains("недоступен"), "{live}");
}

async fn upload_reports_and_exports(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.login("coord").await;
    c.get("/registry/import").await;
    let csv = "value,kind,category,case\nhttp://a.example/x,url,phishing,КУСП 5\nhttp://A.EXAMPLE/x#frag,,phishing,\n,,,\n+7 912 000-00-00,phone,fake_bank_call,КУСП 5\n";
    let r = c
        .upload_with(
            "/registry/import",
            &[("format", "csv")],
            "feed.csv",
            "text/csv",
            csv.as_bytes(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("id=\"import-report\""), "{}", r.body);
    assert_eq!(count_indicators(&app).await, 2);
    let stat = |body: &str, label: &str| {
        body.split(&format!("<span>{label}</span><strong>"))
            .nth(1)
            .and_then(|s| s.split('<').next())
            .map(str::to_string)
            .unwrap()
    };
    assert_eq!(stat(&r.body, "добавлено"), "2");
    assert_eq!(stat(&r.body, "объединено с известными"), "1");
    assert_eq!(stat(&r.body, "отклонено"), "1");
    // A file that is not of its format stores nothing and says why.
    let r = c
        .upload_with(
            "/registry/import",
            &[("format", "misp")],
            "x.json",
            "application/json",
            b"{not json",
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("не прочитан"), "{}", r.body);
    assert_eq!(count_indicators(&app).await, 2);
    // Exports: the filter as CSV, the selection as STIX and as a .docx.
    let r = c.get("/registry/export?format=csv&kind=phone").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.disposition.unwrap().contains("attachment"));
    assert!(
        r.body.contains("+79120000000") && !r.body.contains("a.example"),
        "{}",
        r.body
    );
    let ids: Vec<String> = indicator::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .iter()
        .map(|i| i.id.to_string())
        .collect();
    c.get("/registry").await;
    let r = c
        .post("/registry/selected", &[("id", &ids[0]), ("action", "stix")])
        .await;
    assert!(r.body.contains("\"type\": \"bundle\"") || r.body.contains("\"type\":\"bundle\""));
    let r = c
        .post(
            "/registry/selected",
            &[("id", &ids[0]), ("id", &ids[1]), ("action", "judicial")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.content_type.unwrap().contains("wordprocessingml"));
    assert!(r.body.starts_with("PK"));
    let r = c
        .post("/registry/selected", &[("action", "judicial")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Выберите хотя бы один ресурс"));
    let many: Vec<String> = (1..=1_001).map(|i| i.to_string()).collect();
    let mut form: Vec<(&str, &str)> = many.iter().map(|i| ("id", i.as_str())).collect();
    form.push(("action", "csv"));
    let r = c.post("/registry/selected", &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("не более 1000 ресурсов"), "{}", r.body);
    let mut v = app.login("viewer").await;
    v.get("/registry").await;
    let r = v
        .post(
            "/registry/selected",
            &[("id", &ids[0]), ("action", "judicial")],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "the claim document is for writers"
    );
    assert_eq!(
        v.get("/registry/export?format=json").await.status,
        StatusCode::OK
    );
}

async fn owner_look_up_from_the_page(t: &TestDb) {
    use crate::lookup::servers;
    let (whois, asked) = servers::whois_server(servers::TCI_ANSWER).await;
    let rdap = servers::closed_port().await;
    let app = App::with_config(t, |c| c.lookup = servers::config(&whois, &rdap)).await;
    let mut c = app.login("prok").await;
    c.get("/registry/new").await;
    let r = c
        .post(
            "/registry/new",
            &[
                ("values", "https://пример.рф/login"),
                ("category", "phishing"),
            ],
        )
        .await;
    let href = r.location.unwrap();
    let page = c.get(&href).await;
    assert!(
        page.body
            .contains("Сведения о владельце не устанавливались")
    );
    let r = c.post(&format!("{href}/owner"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(asked.await.unwrap(), "xn--e1afmkfd.xn--p1ai\r\n");
    let page = c.get(&href).await;
    assert!(page.body.contains("Регистратор"), "{}", page.body);
    assert!(
        page.body.contains("Сведения получены 28.11.2026"),
        "{}",
        page.body
    );
    // A phone has no owner to look up: no button, and the route refuses.
    let r = c
        .post(
            "/registry/new",
            &[("values", "+7 912 345-67-89"), ("category", "phishing")],
        )
        .await;
    let phone = r.location.unwrap();
    assert!(!c.get(&phone).await.body.contains("Запросить RDAP/WHOIS"));
    let r = c.post(&format!("{phone}/owner"), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut v = app.login("viewer").await;
    v.get(&href).await;
    assert_eq!(
        v.post(&format!("{href}/owner"), &[]).await.status,
        StatusCode::FORBIDDEN
    );
}

/// Searching for a card number: the page and its links carry the card's
/// stored key, never the number (addresses end up in history and logs).
async fn a_card_number_searched_for_leaves_the_address(t: &TestDb) {
    let app = App::new(t).await.with_card_key(b"test card key");
    let mut c = app.login("prok").await;
    c.get("/registry/new").await;
    let r = c
        .post(
            "/registry/new",
            &[("values", "4111 1111 1111 1111"), ("category", "phishing")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    for path in [
        "/registry?q=4111+1111+1111+1111&category=phishing",
        "/registry/export?format=csv&q=4111111111111111",
    ] {
        let r = c.get(path).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}: {}", r.body);
        let to = r.location.unwrap();
        assert!(!to.contains("4111"), "{to}");
        let found = c.get(&to).await;
        assert_eq!(found.status, StatusCode::OK, "{to}");
        assert!(!found.body.contains("1111 1111"), "{}", found.body);
        assert!(
            found.body.contains("4111 11•• •••• 1111"),
            "{to}: {}",
            found.body
        );
    }
    let r = c
        .get("/registry?q=4111+1111+1111+1111&category=phishing")
        .await;
    assert!(r.location.unwrap().contains("category=phishing"));
}
