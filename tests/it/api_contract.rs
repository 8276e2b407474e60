//! The API contract: bad path and query values answer the JSON error, and
//! the OpenAPI document declares what the routes take and answer.

use crate::helpers::{TestDb, on_both_engines};
use crate::web_client::App;
use axum::http::StatusCode;
use serde_json::Value;
use std::collections::HashSet;

on_both_engines!(
    bad_path_and_query_values_answer_json_errors,
    unknown_addresses_and_methods_answer_json_errors
);

async fn unknown_addresses_and_methods_answer_json_errors(t: &TestDb) {
    let app = App::new(t).await;
    let token = app.login("coord").await.new_token().await;
    let mut api = app.client();
    let (status, err) = api.api("GET", "/api/v1/nothing-here", &token, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{err}");
    assert_eq!(err["error"]["code"], "not_found");
    let (status, err) = api.api("DELETE", "/api/v1/plans", &token, None).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{err}");
    assert_eq!(err["error"]["code"], "method_not_allowed");
    // Pages keep their Russian error page.
    let page = app.client().get("/nothing-here").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("Такой страницы нет"), "{}", page.body);
}

async fn bad_path_and_query_values_answer_json_errors(t: &TestDb) {
    let app = App::new(t).await;
    let token = app.login("coord").await.new_token().await;
    let mut api = app.client();
    let cases = [
        ("GET", "/api/v1/plans/abc", "«id»"),
        ("GET", "/api/v1/plans/99999999999", "«id»"),
        ("GET", "/api/v1/indicators/1.5", "«id»"),
        ("GET", "/api/v1/reports/x/1/2020-Q3", "«measure»"),
        ("GET", "/api/v1/reports/1/x/2020-Q3", "«agency»"),
        ("GET", "/api/v1/indicators?agency=abc", "«agency»"),
        ("GET", "/api/v1/indicators?before=-", "«before»"),
        ("GET", "/api/v1/obligations?agency=x1", "«agency»"),
    ];
    for (method, path, names) in cases {
        let (status, err) = api.api(method, path, &token, None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {err}");
        assert_eq!(err["error"]["code"], "invalid", "{path}: {err}");
        let message = err["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(names), "{path}: {message}");
    }
    let body = serde_json::json!({"track": "judicial", "step": "claim_filed", "on": "2020-10-01"});
    let (status, err) = api
        .api("POST", "/api/v1/indicators/abc/steps", &token, Some(body))
        .await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid"))
    );
    // Found by schemathesis: a bad period was answered in English.
    for path in [
        "/api/v1/reports/1/1/%C3%85",
        "/api/v1/obligations?period=2020-Q9",
    ] {
        let (status, err) = api.api("GET", path, &token, None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {err}");
        let message = err["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains("не отчётный период"), "{path}: {message}");
    }
    // Without credentials the token check comes first.
    let r = app.client().get("/api/v1/plans/abc").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

fn doc() -> Value {
    serde_json::to_value(dozor::app::openapi::document()).expect("the document serialises")
}

/// Every operation of the document: (path, method, operation).
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("a path item") {
            out.push((path.clone(), method.clone(), op.clone()));
        }
    }
    out
}

fn params_in<'a>(op: &'a Value, place: &str) -> Vec<&'a Value> {
    op["parameters"]
        .as_array()
        .map(|ps| ps.iter().filter(|p| p["in"] == place).collect())
        .unwrap_or_default()
}

#[test]
fn operation_ids_are_unique_and_path_params_declared() {
    let doc = doc();
    let ops = operations(&doc);
    assert!(ops.len() >= 11, "{} operations", ops.len());
    let mut ids = HashSet::new();
    for (path, method, op) in &ops {
        let id = op["operationId"].as_str().expect("an operationId");
        assert!(ids.insert(id.to_string()), "operationId {id} repeats");
        let declared: HashSet<&str> = params_in(op, "path")
            .iter()
            .filter_map(|p| p["name"].as_str())
            .collect();
        let in_path: HashSet<&str> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .collect();
        assert_eq!(declared, in_path, "{method} {path}: path parameters");
        for p in params_in(op, "path") {
            assert_eq!(p["required"], true, "{method} {path}: {p}");
        }
        let responses = op["responses"].as_object().expect("responses");
        let public = op["security"].as_array().is_some_and(|s| {
            s.iter()
                .all(|r| r.as_object().is_some_and(|o| o.is_empty()))
        });
        if !public {
            assert!(responses.contains_key("401"), "{method} {path}: no 401");
        }
        if op["parameters"].as_array().is_some_and(|p| !p.is_empty())
            || op.get("requestBody").is_some()
        {
            assert!(responses.contains_key("422"), "{method} {path}: no 422");
        }
        for (status, r) in responses {
            // A download documents its media types; every other answer,
            // and every error, is JSON with a schema.
            let download = status.starts_with('2')
                && r["content"].as_object().is_some_and(|c| {
                    !c.is_empty() && c.keys().all(|k| k.starts_with("application/vnd."))
                });
            assert!(
                download || r["content"]["application/json"]["schema"].is_object(),
                "{method} {path} {status}: no JSON body"
            );
        }
    }
}

#[test]
fn list_filters_are_optional_query_parameters() {
    let doc = doc();
    let filters = [
        (
            "/api/v1/indicators",
            &["q", "kind", "category", "status", "agency", "before"][..],
        ),
        ("/api/v1/obligations", &["period", "agency", "plan"][..]),
    ];
    for (path, names) in filters {
        let op = &doc["paths"][path]["get"];
        let query: Vec<&str> = params_in(op, "query")
            .iter()
            .filter_map(|p| p["name"].as_str())
            .collect();
        assert_eq!(query, names, "{path}");
        assert!(params_in(op, "path").is_empty(), "{path}: {op}");
        for p in params_in(op, "query") {
            assert_ne!(p["required"], true, "{path}: {p}");
        }
    }
}

/// Found by schemathesis: an indicator never looked up has `"owner": null`,
/// which a plain `Object` schema refuses.
#[test]
fn nullable_fields_allow_null() {
    let doc = doc();
    let detail = &doc["components"]["schemas"]["IndicatorDetail"];
    let owner = detail["allOf"]
        .as_array()
        .and_then(|parts| parts.iter().find_map(|p| p["properties"].get("owner")))
        .unwrap_or(&detail["properties"]["owner"]);
    let types = owner["type"].as_array().cloned().unwrap_or_default();
    assert!(types.contains(&Value::from("null")), "{owner}");
}

/// The registry's names are enums in the document, equal to the model's lists.
#[test]
fn registry_names_are_enums() {
    let doc = doc();
    let schemas = &doc["components"]["schemas"];
    let values = |name: &str| -> Vec<String> {
        schemas[name]["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: {}", schemas[name]))
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    };
    use dozor_indicator::model::{Category, Kind};
    let kinds: Vec<String> = Kind::ALL.iter().map(|k| k.as_str().into()).collect();
    assert_eq!(values("KindName"), kinds);
    let categories: Vec<String> = Category::ALL.iter().map(|c| c.as_str().into()).collect();
    assert_eq!(values("CategoryName"), categories);
    assert_eq!(values("TrackName"), ["judicial", "extrajudicial"]);
    assert!(values("StepName").contains(&"sent_to_regulator".to_string()));
    let add = &schemas["AddIn"]["properties"];
    assert_eq!(add["category"]["$ref"], "#/components/schemas/CategoryName");
}

/// The length limits the store enforces are the document's.
#[test]
fn registry_lengths_match_the_store() {
    use dozor::registry::model::{MAX_ARTICLE, MAX_CASE_NUMBER, MAX_NOTE};
    let doc = doc();
    let schemas = &doc["components"]["schemas"];
    let case = &schemas["CaseInput"]["properties"];
    assert_eq!(case["number"]["maxLength"], MAX_CASE_NUMBER);
    assert_eq!(case["article"]["maxLength"], MAX_ARTICLE);
    assert_eq!(
        schemas["StepJson"]["properties"]["note"]["maxLength"],
        MAX_NOTE
    );
    assert_eq!(schemas["AddIn"]["properties"]["values"]["maxItems"], 1000);
}
