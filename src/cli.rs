//! The command line as clap derive structs, and nothing else: no I/O, no defaults
//! resolved from files or the environment (that is `config.rs`'s job).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Incident response for services whose tenants live in PostgreSQL.
#[derive(Debug, Parser)]
#[command(
    name = "quell",
    version,
    propagate_version = true,
    arg_required_else_help = true,
    after_help = "Exit codes: 0 ok, 1 a check found what --fail-on names, 2 error, 3 refused or aborted by the operator."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]
    #[arg(short = 'c', long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Target or group from the config (repeatable; `all` for every target)
    #[arg(short = 't', long = "target", global = true, value_name = "NAME")]
    pub targets: Vec<String>,

    /// Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)
    #[arg(long, global = true, value_name = "CONNINFO")]
    pub dsn: Option<String>,

    /// Output format
    #[arg(short = 'o', long, global = true, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,

    /// Disable colors (also when NO_COLOR is set)
    #[arg(long, global = true)]
    pub no_color: bool,

    /// More detail on stderr (-v, -vv)
    #[arg(short = 'v', long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Approve confirmations (required off a terminal)
    #[arg(short = 'y', long, global = true)]
    pub yes: bool,

    /// Show what would change (SQL, HTTP) and change nothing
    #[arg(long, global = true)]
    pub dry_run: bool,

    /// Most connections open at once across targets
    #[arg(long, global = true, value_name = "N", default_value_t = 16,
          value_parser = clap::builder::ValueParser::new(clap::builder::TypedValueParser::map(
              clap::value_parser!(u16).range(1..), usize::from)))]
    pub parallel: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run every check and name the problem and the playbook for it
    Doctor(DoctorArgs),
    /// What pg_stat_activity shows, grouped, longest first
    Activity(ActivityArgs),
    /// Blocking trees of lock waits
    Locks(LocksArgs),
    /// Connection slot budget: used, reserved, available, who holds them
    Connections(ConnectionsArgs),
    /// Role census and transitive membership fan-out per login role
    Roles(RolesArgs),
    /// Cancel or terminate backends
    #[command(subcommand)]
    Backends(BackendsCommand),
    /// Create or upgrade the quell control schema in the target
    Init,
    /// Suspend and resume tenant orgs
    #[command(subcommand)]
    Tenants(TenantsCommand),
    /// Pause and resume periodic jobs
    #[command(subcommand)]
    Jobs(JobsCommand),
    /// Post, update and resolve status-page notices
    #[command(subcommand)]
    Notice(NoticeCommand),
    /// List, validate and run YAML playbooks
    #[command(subcommand)]
    Playbook(PlaybookCommand),
    /// A private PostgreSQL cluster for trying quell
    #[command(subcommand)]
    Sandbox(SandboxCommand),
    /// Reproduce the incident in a sandbox, run a playbook, report recovery
    Rehearse(RehearseArgs),
    /// The action journal: who changed what, when, in which run
    Log(LogArgs),
    /// Check the config file and test each target's connection
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Print shell completions
    Completions(CompletionsArgs),
    /// Print a man page (roff), or write one per command with --dir
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Exit 1 when a finding reaches this severity
    #[arg(long, value_enum, default_value_t = Severity::Critical)]
    pub fail_on: Severity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum Severity {
    Info,
    Warning,
    Critical,
}

#[derive(Debug, Args)]
pub struct ActivityArgs {
    /// Group by these keys (comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "KEY")]
    pub group_by: Vec<GroupKey>,
    /// Show the N longest
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Which age orders the longest
    #[arg(long, value_enum, default_value_t = AgeKind::Query)]
    pub age: AgeKind,
    #[command(flatten)]
    pub filter: BackendFilter,
    /// Only backends waiting on TYPE or TYPE:EVENT
    #[arg(long, value_name = "TYPE[:EVENT]")]
    pub wait: Option<String>,
    /// Include background workers and other non-client backends
    #[arg(long)]
    pub all_backends: bool,
    /// Redraw every SECS seconds until Ctrl-C
    #[arg(long, value_name = "SECS")]
    pub watch: Option<u64>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum GroupKey {
    State,
    Wait,
    Role,
    Db,
    App,
    Client,
    Org,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum AgeKind {
    Query,
    Xact,
    Backend,
}

/// Filters shared by activity and backends.
#[derive(Debug, Args)]
pub struct BackendFilter {
    /// Only backends in this state (active, idle, "idle in transaction", …)
    #[arg(long)]
    pub state: Option<String>,
    /// Only this database
    #[arg(long)]
    pub db: Option<String>,
    /// Only this role
    #[arg(long)]
    pub role: Option<String>,
    /// Only this application_name
    #[arg(long)]
    pub app: Option<String>,
    /// Only backends whose current query (or state) is at least this old, e.g. 30s
    #[arg(long, value_name = "DURATION")]
    pub min_duration: Option<String>,
}

#[derive(Debug, Args)]
pub struct LocksArgs {
    /// Only waits at least this old, e.g. 5s
    #[arg(long, value_name = "DURATION")]
    pub min_wait: Option<String>,
    /// Exit 1 when any wait is older than this, e.g. 30s (a bare number is seconds)
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub fail_if_blocked: Option<std::time::Duration>,
}

#[derive(Debug, Args)]
pub struct ConnectionsArgs {
    /// Rows per breakdown in the table (JSON has all)
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct RolesArgs {
    /// Show the N login roles with the largest fan-out
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Measure the first privilege check of ROLE in a fresh backend
    #[arg(long, value_name = "ROLE")]
    pub probe: Option<String>,
    /// Refuse to probe when the estimated cost exceeds this, e.g. 5s
    #[arg(long, value_name = "DURATION", default_value = "5s")]
    pub probe_budget: String,
    /// Probe even when the estimate exceeds the budget
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum BackendsCommand {
    /// pg_cancel_backend: stop the current query, keep the session
    Cancel(BackendsArgs),
    /// pg_terminate_backend: end the session
    Terminate(BackendsArgs),
}

#[derive(Debug, Args)]
pub struct BackendsArgs {
    /// These backend pids
    #[arg(long, value_delimiter = ',')]
    pub pid: Vec<i32>,
    #[command(flatten)]
    pub filter: BackendFilter,
    /// Only sessions of this tenant org
    #[arg(long)]
    pub org: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TenantsCommand {
    /// Orgs with live session counts
    List,
    /// Suspended orgs: since, by whom, why, mechanisms
    Status,
    /// Suspend orgs (applies the configured mechanisms in order)
    Suspend(SuspendArgs),
    /// Resume orgs, restoring exactly what quell changed
    Resume(ResumeArgs),
}

#[derive(Debug, Args)]
pub struct SuspendArgs {
    /// Org ids
    pub orgs: Vec<String>,
    /// The N orgs ranked by --by
    #[arg(long)]
    pub top: Option<usize>,
    /// Ranking for --top
    #[arg(long, value_enum, default_value_t = RankBy::Connections)]
    pub by: RankBy,
    /// Read org ids from a file, one per line
    #[arg(long, value_name = "FILE")]
    pub from_file: Option<PathBuf>,
    /// Why (recorded in the ledger)
    #[arg(long)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RankBy {
    Connections,
}

#[derive(Debug, Args)]
pub struct ResumeArgs {
    /// Org ids
    pub orgs: Vec<String>,
    /// Every org quell suspended
    #[arg(long)]
    pub all: bool,
    /// Resume N orgs at a time
    #[arg(long)]
    pub batch: Option<usize>,
    /// Wait this long between batches, e.g. 30s
    #[arg(long, value_name = "DURATION")]
    pub interval: Option<String>,
    /// Stop when connection utilization exceeds this fraction
    #[arg(long, value_name = "F")]
    pub max_utilization: Option<f64>,
}

#[derive(Debug, Subcommand)]
pub enum JobsCommand {
    /// Jobs with schedule, active, essential, paused by quell
    List,
    /// Pause jobs
    Pause(JobsPauseArgs),
    /// Resume jobs
    Resume(JobsResumeArgs),
}

#[derive(Debug, Args)]
pub struct JobsPauseArgs {
    /// Job names
    pub jobs: Vec<String>,
    /// Every active job not marked essential
    #[arg(long)]
    pub non_essential: bool,
    /// Pause an essential job named explicitly without asking
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct JobsResumeArgs {
    /// Job names
    pub jobs: Vec<String>,
    /// Exactly the jobs quell paused
    #[arg(long)]
    pub paused: bool,
}

#[derive(Debug, Subcommand)]
pub enum NoticeCommand {
    /// Open an incident
    Post(NoticePostArgs),
    /// Add an update to an open incident
    Update(NoticeUpdateArgs),
    /// Resolve an open incident
    Resolve(NoticeUpdateArgs),
    /// Open incidents quell opened
    List(NoticeListArgs),
}

#[derive(Debug, Args)]
pub struct NoticePostArgs {
    /// Incident title
    #[arg(long)]
    pub title: Option<String>,
    /// Incident status (investigating, identified, monitoring, resolved)
    #[arg(long)]
    pub status: Option<String>,
    /// Update text
    #[arg(long)]
    pub body: Option<String>,
    /// Read the body from a file
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<PathBuf>,
    /// Component status, COMPONENT=STATUS (repeatable)
    #[arg(long, value_name = "COMPONENT=STATUS")]
    pub component: Vec<String>,
    /// Which configured provider
    #[arg(long)]
    pub provider: Option<String>,
    /// Impact shown on the page (none, minor, major, critical; default: computed by the provider)
    #[arg(long)]
    pub impact: Option<String>,
    /// Do not notify subscribers
    #[arg(long)]
    pub no_notify: bool,
    /// Idempotency key stored in the incident (default: derived from the title)
    #[arg(long)]
    pub key: Option<String>,
}

#[derive(Debug, Args)]
pub struct NoticeListArgs {
    /// Which configured provider
    #[arg(long)]
    pub provider: Option<String>,
}

#[derive(Debug, Args)]
pub struct NoticeUpdateArgs {
    /// Incident id (default: the single open incident quell opened)
    #[arg(long)]
    pub incident: Option<String>,
    /// Incident status
    #[arg(long)]
    pub status: Option<String>,
    /// Update text
    #[arg(long)]
    pub body: Option<String>,
    /// Read the body from a file
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<PathBuf>,
    /// Component status, COMPONENT=STATUS (repeatable)
    #[arg(long, value_name = "COMPONENT=STATUS")]
    pub component: Vec<String>,
    /// Which configured provider
    #[arg(long)]
    pub provider: Option<String>,
    /// Do not notify subscribers
    #[arg(long)]
    pub no_notify: bool,
    /// Update an incident that is already resolved (reopening it)
    #[arg(long)]
    pub reopen: bool,
}

#[derive(Debug, Subcommand)]
pub enum PlaybookCommand {
    /// Shipped and configured playbooks
    List,
    /// Print a playbook
    Show(PlaybookRef),
    /// Check playbook files: every problem, each as FILE:LINE:COL
    Validate(PlaybookFiles),
    /// Run a playbook
    Run(PlaybookRunArgs),
    /// Continue a run after its last finished step
    Resume(PlaybookResumeArgs),
    /// Recent runs from the local run journal, newest first
    Runs(PlaybookRunsArgs),
    /// Print the playbook JSON Schema
    Schema,
}

#[derive(Debug, Args)]
pub struct PlaybookRef {
    /// A shipped playbook name or a file path
    pub playbook: String,
}

#[derive(Debug, Args)]
pub struct PlaybookFiles {
    /// Playbook names or file paths
    #[arg(required = true)]
    pub playbooks: Vec<String>,
}

#[derive(Debug, Args)]
pub struct PlaybookRunArgs {
    /// A shipped playbook name or a file path
    pub playbook: String,
    /// Input values, NAME=VALUE (repeatable)
    #[arg(long = "input", value_name = "NAME=VALUE")]
    pub inputs: Vec<String>,
    /// Approve a dangerous gate (repeatable)
    #[arg(long, value_name = "STEP")]
    pub approve: Vec<String>,
}

#[derive(Debug, Args)]
pub struct PlaybookRunsArgs {
    /// Show at most this many
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct PlaybookResumeArgs {
    /// The run to continue
    pub run_id: String,
    /// Approve a dangerous gate (repeatable)
    #[arg(long, value_name = "STEP")]
    pub approve: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Start the sandbox cluster, seeded with the incident (target name `sandbox`)
    Up(SandboxUpArgs),
    /// Stop the sandbox cluster and remove its directory (only a sandbox's)
    Down(SandboxDir),
    /// Is the sandbox running, and where (exit 1 when it is not)
    Status(SandboxDir),
}

#[derive(Debug, Args)]
pub struct SandboxDir {
    /// The sandbox directory (default: $QUELL_SANDBOX_DIR, else /tmp/quell-sandbox-<uid>)
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SandboxUpArgs {
    /// max_connections of the sandbox cluster
    #[arg(long, default_value_t = 100)]
    pub max_connections: u32,
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    #[command(flatten)]
    pub dir: SandboxDir,
}

impl SandboxUpArgs {
    /// What `sandbox up` means with no flags.
    pub fn defaults() -> SandboxUpArgs {
        #[derive(clap::Parser)]
        struct Bare {
            #[command(flatten)]
            up: SandboxUpArgs,
        }
        <Bare as clap::Parser>::parse_from(["quell"]).up
    }
}

/// The seeded incident's size.
#[derive(Debug, Args)]
pub struct ScenarioArgs {
    /// Tenant orgs to seed (sandbox up: 0 for a bare cluster, nothing seeded)
    #[arg(long, default_value_t = 30)]
    pub orgs: u32,
    /// Postgres roles per org (one per user), all granted to the app login role
    #[arg(long, default_value_t = 300)]
    pub users_per_org: u32,
    /// Spread the user roles over K app login roles (app_1..app_K): the permanent fix
    #[arg(long, default_value_t = 1, value_name = "K")]
    pub split: u32,
}

#[derive(Debug, Args)]
pub struct RehearseArgs {
    /// Playbook to rehearse (a shipped one, ./playbooks/NAME.yaml, or a file;
    /// default connection-saturation); not with --split, which runs none
    pub playbook: Option<String>,
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// max_connections of the rehearsal cluster (small, so a 2-core machine saturates)
    #[arg(long, default_value_t = 40)]
    pub max_connections: u32,
    /// How long the internal orgs' upgrade bug opens connections, e.g. 20s
    #[arg(long, default_value = "20s", value_name = "DURATION")]
    pub bug: String,
    /// Keep the sandbox afterwards (its path is printed)
    #[arg(long)]
    pub keep: bool,
    /// Also draw the timeline as an SVG chart
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Only actions on this org
    #[arg(long)]
    pub org: Option<String>,
    /// Only actions of this kind
    #[arg(long)]
    pub kind: Option<String>,
    /// Only actions newer than this, e.g. 2h
    #[arg(long, value_name = "DURATION")]
    pub since: Option<String>,
    /// Only actions of this run
    #[arg(long)]
    pub run_id: Option<String>,
    /// At most this many rows, newest first
    #[arg(long, default_value_t = 50)]
    pub limit: i64,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Validate the config, show resolved targets (passwords redacted), test each connection
    Check,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print, e.g. `tenants suspend` (default: quell's own)
    pub command: Vec<String>,
    /// Write every page (quell.1, quell-doctor.1, quell-tenants-suspend.1, …) into DIR
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// A duration flag's value, checked where clap reads it (`30s`, `250ms`, `2m`; a bare
/// number is seconds).
fn duration(text: &str) -> Result<std::time::Duration, String> {
    crate::values::parse_duration(text).map_err(|e| e.to_string())
}
