//! A local HTTP server implementing the Statuspage subset quell uses (create,
//! update, get one, list unresolved: pages capped at `page_cap`, 100 unless set)
//! with the API's documented component semantics (the page's components have a
//! status that `components` sets; an incident's affected components are replaced by
//! `component_ids` and come back as an array of component objects), plus a
//! catch-all that records Slack and webhook posts,
//! with scriptable faults: 502 after storing, a slow answer after storing, 429/420
//! with Retry-After, any status with a body. 127.0.0.1 only; std threads, no deps.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: BTreeMap<String, String>,
    pub body: Option<Value>,
    pub raw: String,
    pub at: Instant,
}

/// What to do to the next request with a given method.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Store/apply the request, then answer 502.
    BadGatewayAfterStore,
    /// Store/apply, then answer only after this long.
    SlowAfterStore(Duration),
    /// Answer only after this long, without storing or applying anything.
    SlowWithoutStore(Duration),
    /// Answer this status with `Retry-After: secs`, without storing.
    RateLimit(u16, u64),
    /// Answer this status and JSON body, without storing.
    Status(u16, Value),
}

#[derive(Default)]
struct State {
    incidents: Vec<Value>,
    seen: Vec<Seen>,
    faults: VecDeque<(String, Fault)>,
    reply: Option<(u16, String)>,
    /// The page's components: id → status.
    components: BTreeMap<String, String>,
    /// Most incidents per page of a listing, whatever `per_page` asks (0: 100).
    page_cap: usize,
}

/// An incident's `components`: the affected ids as component objects with the
/// page's current status of each.
fn component_objects(ids: &[Value], page: &BTreeMap<String, String>) -> Value {
    Value::Array(
        ids.iter()
            .filter_map(Value::as_str)
            .map(|id| {
                let status = page
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| "operational".into());
                json!({"id": id, "name": id, "status": status})
            })
            .collect(),
    )
}

/// The incident as the API returns it: `components` as component objects.
fn with_components(i: &Value, page: &BTreeMap<String, String>) -> Value {
    let mut out = i.clone();
    let ids = i["affected"].as_array().cloned().unwrap_or_default();
    out["components"] = component_objects(&ids, page);
    if let Some(obj) = out.as_object_mut() {
        obj.remove("affected");
    }
    out
}

/// Apply a request's `components` (statuses) to the page.
fn set_statuses(inc: &Value, page: &mut BTreeMap<String, String>) {
    for (id, status) in inc["components"].as_object().into_iter().flatten() {
        if let Some(status) = status.as_str() {
            page.insert(id.clone(), status.to_string());
        }
    }
}

/// The server; dropped with the test (its thread lingers harmlessly).
#[derive(Clone)]
pub struct Server {
    pub base: String,
    state: Arc<Mutex<State>>,
}

impl Server {
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state: Arc<Mutex<State>> = Arc::default();
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = shared.clone();
                std::thread::spawn(move || serve(stream, &state));
            }
        });
        Server { base, state }
    }

    /// Script a fault for the next request with `method`.
    pub fn fault(&self, method: &str, fault: Fault) {
        self.state
            .lock()
            .unwrap()
            .faults
            .push_back((method.to_string(), fault));
    }

    /// Answer every non-Statuspage request with this status and body (default 200 `ok`).
    pub fn reply(&self, status: u16, body: &str) {
        self.state.lock().unwrap().reply = Some((status, body.to_string()));
    }

    /// The incidents as the API returns them.
    pub fn incidents(&self) -> Vec<Value> {
        let st = self.state.lock().unwrap();
        st.incidents
            .iter()
            .map(|i| with_components(i, &st.components))
            .collect()
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.state.lock().unwrap().seen.clone()
    }

    /// The page's status of component `id` (`operational` when never set).
    pub fn component(&self, id: &str) -> String {
        self.state
            .lock()
            .unwrap()
            .components
            .get(id)
            .cloned()
            .unwrap_or_else(|| "operational".into())
    }

    /// Cap every listing page at `n` incidents, as a server may.
    pub fn cap_pages(&self, n: usize) {
        self.state.lock().unwrap().page_cap = n;
    }

    /// Resolve incident `id` as the web UI does: status only, components untouched.
    pub fn resolve_in_ui(&self, id: &str) {
        let mut st = self.state.lock().unwrap();
        if let Some(i) = st.incidents.iter_mut().find(|i| i["id"] == id) {
            i["status"] = json!("resolved");
        }
    }

    /// Add an unresolved incident as if another run had opened it.
    pub fn insert(&self, incident: Value) {
        self.state.lock().unwrap().incidents.push(incident);
    }
}

fn serve(stream: TcpStream, state: &Mutex<State>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or_default().to_string();
    let mut headers = BTreeMap::new();
    let mut raw = line.clone();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
            break;
        }
        raw.push_str(&h);
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let len: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut buf = vec![0; len];
    reader.read_exact(&mut buf).unwrap_or_default();
    let text = String::from_utf8_lossy(&buf).to_string();
    raw.push_str(&text);
    let body: Option<Value> = serde_json::from_str(&text).ok();
    let seen = Seen {
        method: method.clone(),
        path: path.clone(),
        headers,
        body: body.clone(),
        raw,
        at: Instant::now(),
    };
    let (status, reply, delay, extra) = handle(state, seen);
    if let Some(d) = delay {
        std::thread::sleep(d);
    }
    let mut stream = stream;
    let response = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n{reply}",
        reply.len()
    );
    let _ = stream.write_all(response.as_bytes());
}

type Answer = (u16, String, Option<Duration>, String);

fn handle(state: &Mutex<State>, seen: Seen) -> Answer {
    let mut st = state.lock().unwrap();
    st.seen.push(seen.clone());
    let fault = match st.faults.iter().position(|(m, _)| *m == seen.method) {
        Some(i) => st.faults.remove(i).map(|(_, f)| f),
        None => None,
    };
    match &fault {
        Some(Fault::RateLimit(code, secs)) => {
            return (
                *code,
                r#"{"message":"slow down"}"#.into(),
                None,
                format!("Retry-After: {secs}\r\n"),
            )
        }
        Some(Fault::Status(code, body)) => return (*code, body.to_string(), None, String::new()),
        Some(Fault::SlowWithoutStore(d)) => {
            return (
                504,
                r#"{"message":"too slow"}"#.into(),
                Some(*d),
                String::new(),
            )
        }
        _ => {}
    }
    let segs: Vec<&str> = seen
        .path
        .split('?')
        .next()
        .unwrap_or_default()
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let (status, reply) = match (seen.method.as_str(), segs.as_slice()) {
        ("GET", [.., "pages", _, "incidents", "unresolved"]) => {
            let query = seen.path.split_once('?').map(|(_, q)| q).unwrap_or("");
            let arg = |k: &str| {
                query
                    .split('&')
                    .find_map(|kv| kv.strip_prefix(&format!("{k}=")))
                    .and_then(|v| v.parse::<usize>().ok())
            };
            let cap = if st.page_cap == 0 { 100 } else { st.page_cap };
            let per = arg("per_page").unwrap_or(100).min(cap);
            let page = arg("page").unwrap_or(1).max(1);
            let open: Vec<Value> = st
                .incidents
                .iter()
                .filter(|i| i["status"] != "resolved")
                .skip((page - 1) * per)
                .take(per)
                .map(|i| with_components(i, &st.components))
                .collect();
            (200, Value::Array(open).to_string())
        }
        ("GET", [.., "pages", _, "incidents", id]) => {
            match st.incidents.iter().find(|i| i["id"] == *id) {
                Some(i) => (200, with_components(i, &st.components).to_string()),
                None => (404, r#"{"message":"incident not found"}"#.into()),
            }
        }
        ("POST", [.., "pages", page, "incidents"]) => {
            let inc = seen
                .body
                .as_ref()
                .map(|b| b["incident"].clone())
                .unwrap_or_default();
            let id = format!("inc{}", st.incidents.len() + 1);
            let State { components, .. } = &mut *st;
            set_statuses(&inc, components);
            let stored = json!({
                "id": id, "page_id": page, "name": inc["name"], "status": inc["status"],
                "metadata": inc["metadata"],
                "affected": inc["component_ids"].as_array().cloned().unwrap_or_default(),
                "shortlink": format!("https://stspg.io/{id}"), "created_at": "2026-01-01T00:00:00Z",
                "incident_updates": [{"body": inc["body"], "status": inc["status"]}],
            });
            st.incidents.push(stored.clone());
            (201, with_components(&stored, &st.components).to_string())
        }
        ("PATCH", [.., "pages", _, "incidents", id]) => {
            let inc = seen
                .body
                .as_ref()
                .map(|b| b["incident"].clone())
                .unwrap_or_default();
            let State {
                incidents,
                components,
                ..
            } = &mut *st;
            match incidents.iter_mut().find(|i| i["id"] == *id) {
                Some(stored) => {
                    set_statuses(&inc, components);
                    if let Some(ids) = inc["component_ids"].as_array() {
                        stored["affected"] = Value::Array(ids.clone());
                    }
                    if !inc["status"].is_null() {
                        stored["status"] = inc["status"].clone();
                    }
                    let mut updates = stored["incident_updates"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default();
                    updates.insert(0, json!({"body": inc["body"], "status": inc["status"]}));
                    stored["incident_updates"] = Value::Array(updates);
                    (200, with_components(stored, components).to_string())
                }
                None => (404, r#"{"message":"incident not found"}"#.into()),
            }
        }
        _ => st.reply.clone().unwrap_or((200, "ok".into())),
    };
    match fault {
        Some(Fault::BadGatewayAfterStore) => {
            (502, "<html>bad gateway</html>".into(), None, String::new())
        }
        Some(Fault::SlowAfterStore(d)) => (status, reply, Some(d), String::new()),
        _ => (status, reply, None, String::new()),
    }
}
