//! TLS for PostgreSQL connections over rustls, with libpq's `sslmode` semantics:
//!
//! - `allow`/`prefer`/`require`: encrypt, verify nothing, unless `require` has a root
//!   certificate (given, or `~/.postgresql/root.crt`), which libpq treats as `verify-ca`;
//! - `verify-ca`: the chain must lead to a trusted root, any host name;
//! - `verify-full`: the chain and the host name.
//!
//! Roots come from `sslrootcert` (a PEM file, or `system` for the OS store; one that
//! does not exist means no verification, except for `verify-*`, as in libpq). A client
//! certificate comes from `sslcert`/`sslkey` (none when the certificate file does not
//! exist, or with `sslcertmode=disable`). The versions are bounded by
//! `ssl_min/max_protocol_version`, SNI follows `sslsni`. The connector ([`MakeTls`])
//! gives the driver the `tls-server-end-point` channel binding of RFC 5929 (the
//! server certificate's hash, by its signature's hash algorithm, SHA-1 and MD5 raised
//! to SHA-256), which `channel_binding=require` needs. Choosing the mode is
//! `connect`'s job.

use std::path::Path;
use std::sync::Arc;

use anyhow::{bail, Context as _};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};

use crate::db::conninfo::{ConnParams, SslMode, TlsSettings, TlsVersion};

/// A TLS connector for `mode` (any mode but `disable`).
pub fn connector(params: &ConnParams, mode: SslMode) -> anyhow::Result<MakeTls> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let versions = versions(&params.tls);
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_protocol_versions(&versions)
        .context("setting up TLS")?;
    // libpq: a root certificate file that does not exist means no verification,
    // except for verify-ca and verify-full, where it is an error.
    let root_file = params
        .sslrootcert
        .as_deref()
        .filter(|r| *r == "system" || Path::new(r).exists());
    let verify = match mode {
        SslMode::VerifyFull => Verify::Full,
        SslMode::VerifyCa => Verify::Ca,
        SslMode::Require if root_file.is_some() => Verify::Ca,
        _ => Verify::Nothing,
    };
    let verifier: Arc<dyn ServerCertVerifier> = match verify {
        Verify::Nothing => Arc::new(NoVerification(provider.clone())),
        Verify::Ca | Verify::Full => {
            let roots = Arc::new(roots(params.sslrootcert.as_deref(), root_file, mode)?);
            let webpki = WebPkiServerVerifier::builder_with_provider(roots, provider.clone())
                .build()
                .context("setting up certificate verification")?;
            if verify == Verify::Ca {
                Arc::new(AnyName(webpki))
            } else {
                webpki
            }
        }
    };
    let builder = builder
        .dangerous()
        .with_custom_certificate_verifier(verifier);
    // libpq: a client certificate file that does not exist means none is sent (the
    // key is then not read); a certificate without its key is an error.
    let cert = params
        .sslcert
        .as_deref()
        .filter(|c| !params.tls.no_client_cert && c.exists());
    let mut config = match cert {
        Some(cert) => {
            let chain = read_certs(cert)?;
            let key = match &params.sslkey {
                Some(key) if key.exists() => key,
                Some(key) => bail!(
                    "certificate present, but not private key file \"{}\"",
                    key.display()
                ),
                None => bail!(
                    "certificate present, but not private key file (set sslkey, or create ~/.postgresql/postgresql.key)"
                ),
            };
            let key = PrivateKeyDer::from_pem_file(key)
                .map_err(|e| anyhow::anyhow!("reading client key {}: {e}", key.display()))?;
            builder
                .with_client_auth_cert(chain, key)
                .context("loading the client certificate")?
        }
        None => builder.with_no_client_auth(),
    };
    config.enable_sni = params.tls.sni;
    // PostgreSQL 17+ servers take direct TLS only with this protocol name (libpq
    // sends it on every TLS connection).
    config.alpn_protocols = vec![b"postgresql".to_vec()];
    Ok(MakeTls(Arc::new(config)))
}

/// The TLS versions `ssl_min_protocol_version`..`ssl_max_protocol_version` allow, of
/// the two rustls speaks (resolve refused a maximum below 1.2).
fn versions(tls: &TlsSettings) -> Vec<&'static rustls::SupportedProtocolVersion> {
    let allowed =
        |v: TlsVersion| tls.min.is_none_or(|lo| v >= lo) && tls.max.is_none_or(|hi| v <= hi);
    [
        (TlsVersion::V1_3, &rustls::version::TLS13),
        (TlsVersion::V1_2, &rustls::version::TLS12),
    ]
    .into_iter()
    .filter(|(v, _)| allowed(*v))
    .map(|(_, p)| p)
    .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verify {
    Nothing,
    Ca,
    Full,
}

fn roots(
    given: Option<&str>,
    sslrootcert: Option<&str>,
    mode: SslMode,
) -> anyhow::Result<RootCertStore> {
    let mut store = RootCertStore::empty();
    if let (Some(path), None) = (given, sslrootcert) {
        bail!(
            "root certificate file \"{path}\" does not exist: provide the file, use the system's trusted \
             roots with sslrootcert=system, or change sslmode to disable server certificate verification"
        );
    }
    match sslrootcert {
        Some("system") => {
            let found = rustls_native_certs::load_native_certs();
            if found.certs.is_empty() {
                bail!("sslrootcert=system: no trusted roots found in the system store");
            }
            store.add_parsable_certificates(found.certs);
        }
        Some(path) => {
            for cert in read_certs(Path::new(path))? {
                store
                    .add(cert)
                    .with_context(|| format!("adding root certificate from {path}"))?;
            }
        }
        None => bail!(
            "sslmode={} needs a root certificate: set sslrootcert (a PEM file, or `system` for the \
             system's trusted roots), create ~/.postgresql/root.crt, or use sslmode=require",
            mode.as_str()
        ),
    }
    Ok(store)
}

fn read_certs(path: &Path) -> anyhow::Result<Vec<CertificateDer<'static>>> {
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| anyhow::anyhow!("reading certificates from {}: {e}", path.display()))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| anyhow::anyhow!("reading certificates from {}: {e}", path.display()))?;
    if certs.is_empty() {
        bail!("no certificate found in {}", path.display());
    }
    Ok(certs)
}

/// `verify-ca`: the full chain check, but any host name.
#[derive(Debug)]
struct AnyName(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for AnyName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

/// `prefer`/`require` without a root certificate: encrypted, not authenticated (libpq's
/// behaviour). Handshake signatures are still checked.
#[derive(Debug)]
struct NoVerification(Arc<CryptoProvider>);

impl ServerCertVerifier for NoVerification {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// The driver's TLS connector over rustls.
#[derive(Clone)]
pub struct MakeTls(Arc<ClientConfig>);

/// One connection's handshake, for `domain`.
pub struct Connect {
    config: Arc<ClientConfig>,
    name: ServerName<'static>,
}

impl<S> tokio_postgres::tls::MakeTlsConnect<S> for MakeTls
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    type Stream = TlsStream<S>;
    type TlsConnect = Connect;
    type Error = rustls::pki_types::InvalidDnsNameError;

    fn make_tls_connect(&mut self, domain: &str) -> Result<Connect, Self::Error> {
        Ok(Connect {
            config: self.0.clone(),
            name: ServerName::try_from(domain)?.to_owned(),
        })
    }
}

impl<S> tokio_postgres::tls::TlsConnect<S> for Connect
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    type Stream = TlsStream<S>;
    type Error = std::io::Error;
    type Future =
        std::pin::Pin<Box<dyn std::future::Future<Output = std::io::Result<TlsStream<S>>> + Send>>;

    fn connect(self, stream: S) -> Self::Future {
        Box::pin(async move {
            tokio_rustls::TlsConnector::from(self.config)
                .connect(self.name, stream)
                .await
                .map(TlsStream)
        })
    }
}

/// A TLS session that can say its channel binding.
pub struct TlsStream<S>(tokio_rustls::client::TlsStream<S>);

impl<S> tokio_postgres::tls::TlsStream for TlsStream<S>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    fn channel_binding(&self) -> tokio_postgres::tls::ChannelBinding {
        let (_, session) = self.0.get_ref();
        session
            .peer_certificates()
            .and_then(|certs| certs.first())
            .and_then(|cert| end_point_hash(cert.as_ref()))
            .map_or_else(
                tokio_postgres::tls::ChannelBinding::none,
                tokio_postgres::tls::ChannelBinding::tls_server_end_point,
            )
    }
}

/// RFC 5929 `tls-server-end-point`: the certificate's hash by the hash algorithm of
/// its signature (MD5 and SHA-1 raised to SHA-256); `None` for a signature without
/// one of its own (Ed25519, RSASSA-PSS), where libpq cannot bind either.
fn end_point_hash(der: &[u8]) -> Option<Vec<u8>> {
    use x509_cert::der::Decode;
    let cert = x509_cert::Certificate::from_der(der).ok()?;
    let algorithm = match cert.signature_algorithm.oid.to_string().as_str() {
        // md5/sha1/sha256 WithRSAEncryption, ecdsa-with-SHA1/SHA256, dsa-with-sha1/sha256
        "1.2.840.113549.1.1.4"
        | "1.2.840.113549.1.1.5"
        | "1.2.840.113549.1.1.11"
        | "1.2.840.10045.4.1"
        | "1.2.840.10045.4.3.2"
        | "1.2.840.10040.4.3"
        | "2.16.840.1.101.3.4.3.2" => &ring::digest::SHA256,
        "1.2.840.113549.1.1.12" | "1.2.840.10045.4.3.3" => &ring::digest::SHA384,
        "1.2.840.113549.1.1.13" | "1.2.840.10045.4.3.4" => &ring::digest::SHA512,
        _ => return None,
    };
    Some(ring::digest::digest(algorithm, der).as_ref().to_vec())
}

impl<S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin> tokio::io::AsyncRead
    for TlsStream<S>
{
    fn poll_read(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.get_mut().0).poll_read(cx, buf)
    }
}

impl<S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin> tokio::io::AsyncWrite
    for TlsStream<S>
{
    fn poll_write(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.get_mut().0).poll_write(cx, buf)
    }

    fn poll_flush(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.get_mut().0).poll_flush(cx)
    }

    fn poll_shutdown(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.get_mut().0).poll_shutdown(cx)
    }
}
