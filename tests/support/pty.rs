//! quell on a terminal of its own: stdin and stderr on a pty, so it asks at its
//! prompts; what it draws there is collected for the test to read.
use std::io::{Read as _, Write as _};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Terminal {
    pub child: Child,
    master: std::fs::File,
    screen: Arc<Mutex<Vec<u8>>>,
}

impl Terminal {
    /// Start `cmd` (stdout to /dev/null) with stdin and stderr on a new pty.
    pub fn spawn(mut cmd: Command) -> Terminal {
        let pty = nix::pty::openpty(None, None).unwrap_or_else(|e| panic!("{e}"));
        let slave = std::fs::File::from(pty.slave);
        let child = cmd
            .env("TERM", "xterm")
            .stdin(slave.try_clone().unwrap_or_else(|e| panic!("{e}")))
            .stderr(slave)
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        let master = std::fs::File::from(pty.master);
        let mut reader = master.try_clone().unwrap_or_else(|e| panic!("{e}"));
        let screen = Arc::new(Mutex::new(Vec::new()));
        let sink = screen.clone();
        std::thread::spawn(move || {
            let mut chunk = [0u8; 1024];
            while let Ok(n) = reader.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap_or_else(|e| panic!("{e}"))
                    .extend_from_slice(&chunk[..n]);
            }
        });
        Terminal {
            child,
            master,
            screen,
        }
    }

    /// Everything drawn so far.
    pub fn seen(&self) -> String {
        String::from_utf8_lossy(&self.screen.lock().unwrap_or_else(|e| panic!("{e}"))).into_owned()
    }

    /// Wait (10 s at most) until `text` is on the screen.
    pub fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !self.seen().contains(text) {
            assert!(
                Instant::now() < deadline,
                "{text:?} never shown: {:?}",
                self.seen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Type at the terminal.
    pub fn type_in(&mut self, bytes: &[u8]) {
        self.master
            .write_all(bytes)
            .unwrap_or_else(|e| panic!("{e}"));
    }

    /// The exit status, waiting `limit` at most; the screen after a moment.
    pub fn finish(&mut self, limit: Duration) -> (std::process::ExitStatus, String) {
        let deadline = Instant::now() + limit;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap_or_else(|e| panic!("{e}")) {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "still running: {:?}",
                self.seen()
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        std::thread::sleep(Duration::from_millis(100));
        (status, self.seen())
    }
}
