//! A TCP proxy in front of the test cluster that forwards faithfully until the
//! client sends bytes containing a trigger, then freezes: from that chunk on it
//! forwards nothing in either direction but keeps both sockets open, as a stalled
//! network or a hung server would.
#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

pub struct Proxy {
    pub port: u16,
    frozen: Arc<AtomicBool>,
    /// Every byte the clients sent, in order.
    sent: Arc<Mutex<Vec<u8>>>,
}

impl Proxy {
    /// Forward to 127.0.0.1:`upstream` until a client chunk contains `trigger`.
    pub fn freezing_on(upstream: u16, trigger: &[u8]) -> Proxy {
        Proxy::listen(TcpListener::bind("127.0.0.1:0").unwrap(), upstream, trigger)
    }

    /// A port nothing listens on yet (connects to it are refused until
    /// [`Proxy::forwarding_on`] opens it).
    pub fn closed_port() -> u16 {
        TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    }

    /// Forward `port` to 127.0.0.1:`upstream`, never freezing.
    pub fn forwarding_on(port: u16, upstream: u16) -> Proxy {
        let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
        Proxy::listen(listener, upstream, b"\0never a client chunk\0")
    }

    fn listen(listener: TcpListener, upstream: u16, trigger: &[u8]) -> Proxy {
        let port = listener.local_addr().unwrap().port();
        let frozen = Arc::new(AtomicBool::new(false));
        let sent = Arc::new(Mutex::new(Vec::new()));
        let trigger = trigger.to_vec();
        let flag = frozen.clone();
        let record = sent.clone();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { return };
                let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)) else {
                    return;
                };
                pump(
                    client.try_clone().unwrap(),
                    server.try_clone().unwrap(),
                    flag.clone(),
                    Some(trigger.clone()),
                    Some(record.clone()),
                );
                pump(server, client, flag.clone(), None, None);
            }
        });
        Proxy { port, frozen, sent }
    }

    pub fn frozen(&self) -> bool {
        self.frozen.load(Ordering::SeqCst)
    }

    /// Whether any client sent `needle` (in the clear) through this proxy.
    pub fn saw(&self, needle: &[u8]) -> bool {
        let sent = self.sent.lock().unwrap();
        sent.windows(needle.len()).any(|w| w == needle)
    }
}

/// Copy `from` → `to` on a thread; a chunk holding `trigger` freezes every pump.
fn pump(
    mut from: TcpStream,
    mut to: TcpStream,
    frozen: Arc<AtomicBool>,
    trigger: Option<Vec<u8>>,
    record: Option<Arc<Mutex<Vec<u8>>>>,
) {
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match from.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => n,
            };
            let chunk = &buf[..n];
            if let Some(r) = &record {
                r.lock().unwrap().extend_from_slice(chunk);
            }
            if let Some(t) = &trigger {
                if chunk.windows(t.len()).any(|w| w == t.as_slice()) {
                    frozen.store(true, Ordering::SeqCst);
                }
            }
            if frozen.load(Ordering::SeqCst) {
                continue; // swallowed; the socket stays open
            }
            if to.write_all(chunk).is_err() {
                return;
            }
        }
    });
}
