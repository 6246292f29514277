//! Talking to PostgreSQL: libpq-faithful parameters (`conninfo`), the safe session
//! (`connect`), TLS over rustls (`tls`), and many targets at once (`fleet`).

pub mod client;
pub mod connect;
pub mod conninfo;
pub mod fleet;
pub mod quote;
pub mod tls;
pub mod tx;

pub use client::{Client, Lost};
pub use connect::{connect, ConnectError, Session};
pub use fleet::{Entry, Fleet};
