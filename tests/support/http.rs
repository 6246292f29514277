//! A local HTTP server implementing the Statuspage subset quell uses (create,
//! update, list unresolved) plus a catch-all that records Slack and webhook posts,
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

    pub fn incidents(&self) -> Vec<Value> {
        self.state.lock().unwrap().incidents.clone()
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.state.lock().unwrap().seen.clone()
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
            let open: Vec<Value> = st
                .incidents
                .iter()
                .filter(|i| i["status"] != "resolved")
                .cloned()
                .collect();
            (200, Value::Array(open).to_string())
        }
        ("POST", [.., "pages", page, "incidents"]) => {
            let inc = seen
                .body
                .as_ref()
                .map(|b| b["incident"].clone())
                .unwrap_or_default();
            let id = format!("inc{}", st.incidents.len() + 1);
            let components: Vec<Value> = inc["component_ids"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .iter()
                .map(|c| json!({"id": c, "name": c}))
                .collect();
            let stored = json!({
                "id": id, "page_id": page, "name": inc["name"], "status": inc["status"],
                "metadata": inc["metadata"], "components": components,
                "shortlink": format!("https://stspg.io/{id}"), "created_at": "2026-01-01T00:00:00Z",
                "incident_updates": [{"body": inc["body"], "status": inc["status"]}],
            });
            st.incidents.push(stored.clone());
            (201, stored.to_string())
        }
        ("PATCH", [.., "pages", _, "incidents", id]) => {
            let inc = seen
                .body
                .as_ref()
                .map(|b| b["incident"].clone())
                .unwrap_or_default();
            match st.incidents.iter_mut().find(|i| i["id"] == *id) {
                Some(stored) => {
                    stored["status"] = inc["status"].clone();
                    let mut updates = stored["incident_updates"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default();
                    updates.insert(0, json!({"body": inc["body"], "status": inc["status"]}));
                    stored["incident_updates"] = Value::Array(updates);
                    (200, stored.to_string())
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
