
use builtin;
use str;

set edit:completion:arg-completer[quell] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'quell'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'quell'= {
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand doctor 'Run every check and name the problem and the playbook for it'
            cand activity 'What pg_stat_activity shows, grouped, longest first'
            cand locks 'Blocking trees of lock waits'
            cand connections 'Connection slot budget: used, reserved, available, who holds them'
            cand roles 'Role census and transitive membership fan-out per login role'
            cand backends 'Cancel or terminate backends'
            cand init 'Create or upgrade the quell control schema in the target'
            cand tenants 'Suspend and resume tenant orgs'
            cand jobs 'Pause and resume periodic jobs'
            cand notice 'Post, update and resolve status-page notices'
            cand playbook 'List, validate and run YAML playbooks'
            cand sandbox 'A private PostgreSQL cluster for trying quell'
            cand rehearse 'Reproduce the incident in a sandbox, run a playbook, report recovery'
            cand log 'The action journal: who changed what, when, in which run'
            cand config 'Check the config file and test each target''s connection'
            cand completions 'Print shell completions'
            cand man 'Print a man page (roff), or write one per command with --dir'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'quell;doctor'= {
            cand --fail-on 'Exit 1 when a finding reaches this severity'
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;activity'= {
            cand --group-by 'Group by these keys (comma-separated)'
            cand --limit 'Show the N longest'
            cand --age 'Which age orders the longest'
            cand --state 'Only backends in this state (active, idle, "idle in transaction", …)'
            cand --db 'Only this database'
            cand --role 'Only this role'
            cand --app 'Only this application_name'
            cand --min-duration 'Only backends whose current query (or state) is at least this old, e.g. 30s'
            cand --wait 'Only backends waiting on TYPE or TYPE:EVENT'
            cand --watch 'Redraw every SECS seconds until Ctrl-C'
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --all-backends 'Include background workers and other non-client backends'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;locks'= {
            cand --min-wait 'Only waits at least this old, e.g. 5s'
            cand --fail-if-blocked 'Exit 1 when any wait is older than this, e.g. 30s (a bare number is seconds)'
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;connections'= {
            cand --limit 'Rows per breakdown in the table (JSON has all)'
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;roles'= {
            cand --top 'Show the N login roles with the largest fan-out'
            cand --probe 'Measure the first privilege check of ROLE in a fresh backend'
            cand --probe-budget 'Refuse to probe when the estimated cost exceeds this, e.g. 5s'
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --force 'Probe even when the estimate exceeds the budget'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;backends'= {
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand cancel 'pg_cancel_backend: stop the current query, keep the session'
            cand terminate 'pg_terminate_backend: end the session'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'quell;backends;cancel'= {
            cand --pid 'These backend pids'
            cand --state 'Only backends in this state (active, idle, "idle in transaction", …)'
            cand --db 'Only this database'
            cand --role 'Only this role'
            cand --app 'Only this application_name'
            cand --min-duration 'Only backends whose current query (or state) is at least this old, e.g. 30s'
            cand --org 'Only sessions of this tenant org'
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;backends;terminate'= {
            cand --pid 'These backend pids'
            cand --state 'Only backends in this state (active, idle, "idle in transaction", …)'
            cand --db 'Only this database'
            cand --role 'Only this role'
            cand --app 'Only this application_name'
            cand --min-duration 'Only backends whose current query (or state) is at least this old, e.g. 30s'
            cand --org 'Only sessions of this tenant org'
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;backends;help'= {
            cand cancel 'pg_cancel_backend: stop the current query, keep the session'
            cand terminate 'pg_terminate_backend: end the session'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'quell;backends;help;cancel'= {
        }
        &'quell;backends;help;terminate'= {
        }
        &'quell;backends;help;help'= {
        }
        &'quell;init'= {
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;tenants'= {
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'Orgs with live session counts'
            cand status 'Suspended orgs: since, by whom, why, mechanisms'
            cand suspend 'Suspend orgs (applies the configured mechanisms in order)'
            cand resume 'Resume orgs, restoring exactly what quell changed'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'quell;tenants;list'= {
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;tenants;status'= {
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;tenants;suspend'= {
            cand --top 'The N orgs ranked by --by'
            cand --by 'Ranking for --top'
            cand --from-file 'Read org ids from a file, one per line'
            cand --reason 'Why (recorded in the ledger)'
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;tenants;resume'= {
            cand --batch 'Resume N orgs at a time'
            cand --interval 'Wait this long between batches, e.g. 30s'
            cand --max-utilization 'Stop when connection utilization exceeds this fraction'
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --all 'Every org quell suspended'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;tenants;help'= {
            cand list 'Orgs with live session counts'
            cand status 'Suspended orgs: since, by whom, why, mechanisms'
            cand suspend 'Suspend orgs (applies the configured mechanisms in order)'
            cand resume 'Resume orgs, restoring exactly what quell changed'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'quell;tenants;help;list'= {
        }
        &'quell;tenants;help;status'= {
        }
        &'quell;tenants;help;suspend'= {
        }
        &'quell;tenants;help;resume'= {
        }
        &'quell;tenants;help;help'= {
        }
        &'quell;jobs'= {
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'Jobs with schedule, active, essential, paused by quell'
            cand pause 'Pause jobs'
            cand resume 'Resume jobs'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'quell;jobs;list'= {
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;jobs;pause'= {
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --non-essential 'Every active job not marked essential'
            cand --force 'Pause an essential job named explicitly without asking'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;jobs;resume'= {
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --paused 'Exactly the jobs quell paused'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;jobs;help'= {
            cand list 'Jobs with schedule, active, essential, paused by quell'
            cand pause 'Pause jobs'
            cand resume 'Resume jobs'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'quell;jobs;help;list'= {
        }
        &'quell;jobs;help;pause'= {
        }
        &'quell;jobs;help;resume'= {
        }
        &'quell;jobs;help;help'= {
        }
        &'quell;notice'= {
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand post 'Open an incident'
            cand update 'Add an update to an open incident'
            cand resolve 'Resolve an open incident'
            cand list 'Open incidents quell opened'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'quell;notice;post'= {
            cand --title 'Incident title'
            cand --status 'Incident status (investigating, identified, monitoring, resolved)'
            cand --body 'Update text'
            cand --body-file 'Read the body from a file'
            cand --component 'Component status, COMPONENT=STATUS (repeatable)'
            cand --provider 'Which configured provider'
            cand --impact 'Impact shown on the page (none, minor, major, critical; default: computed by the provider)'
            cand --key 'Idempotency key stored in the incident (default: derived from the title)'
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-notify 'Do not notify subscribers'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;notice;update'= {
            cand --incident 'Incident id (default: the single open incident quell opened)'
            cand --status 'Incident status'
            cand --body 'Update text'
            cand --body-file 'Read the body from a file'
            cand --component 'Component status, COMPONENT=STATUS (repeatable)'
            cand --provider 'Which configured provider'
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-notify 'Do not notify subscribers'
            cand --reopen 'Update an incident that is already resolved (reopening it)'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;notice;resolve'= {
            cand --incident 'Incident id (default: the single open incident quell opened)'
            cand --status 'Incident status'
            cand --body 'Update text'
            cand --body-file 'Read the body from a file'
            cand --component 'Component status, COMPONENT=STATUS (repeatable)'
            cand --provider 'Which configured provider'
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-notify 'Do not notify subscribers'
            cand --reopen 'Update an incident that is already resolved (reopening it)'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;notice;list'= {
            cand --provider 'Which configured provider'
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;notice;help'= {
            cand post 'Open an incident'
            cand update 'Add an update to an open incident'
            cand resolve 'Resolve an open incident'
            cand list 'Open incidents quell opened'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'quell;notice;help;post'= {
        }
        &'quell;notice;help;update'= {
        }
        &'quell;notice;help;resolve'= {
        }
        &'quell;notice;help;list'= {
        }
        &'quell;notice;help;help'= {
        }
        &'quell;playbook'= {
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'Shipped and configured playbooks'
            cand show 'Print a playbook'
            cand validate 'Check playbook files: every problem, each as FILE:LINE:COL'
            cand run 'Run a playbook'
            cand resume 'Continue a run after its last finished step'
            cand runs 'Recent runs from the local run journal, newest first'
            cand schema 'Print the playbook JSON Schema'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'quell;playbook;list'= {
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;playbook;show'= {
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;playbook;validate'= {
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;playbook;run'= {
            cand --input 'Input values, NAME=VALUE (repeatable)'
            cand --approve 'Approve a dangerous gate (repeatable)'
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;playbook;resume'= {
            cand --approve 'Approve a dangerous gate (repeatable)'
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;playbook;runs'= {
            cand --limit 'Show at most this many'
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;playbook;schema'= {
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;playbook;help'= {
            cand list 'Shipped and configured playbooks'
            cand show 'Print a playbook'
            cand validate 'Check playbook files: every problem, each as FILE:LINE:COL'
            cand run 'Run a playbook'
            cand resume 'Continue a run after its last finished step'
            cand runs 'Recent runs from the local run journal, newest first'
            cand schema 'Print the playbook JSON Schema'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'quell;playbook;help;list'= {
        }
        &'quell;playbook;help;show'= {
        }
        &'quell;playbook;help;validate'= {
        }
        &'quell;playbook;help;run'= {
        }
        &'quell;playbook;help;resume'= {
        }
        &'quell;playbook;help;runs'= {
        }
        &'quell;playbook;help;schema'= {
        }
        &'quell;playbook;help;help'= {
        }
        &'quell;sandbox'= {
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand up 'Start the sandbox cluster, seeded with the incident (target name `sandbox`)'
            cand down 'Stop the sandbox cluster and remove its directory (only a sandbox''s)'
            cand status 'Is the sandbox running, and where (exit 1 when it is not)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'quell;sandbox;up'= {
            cand --max-connections 'max_connections of the sandbox cluster'
            cand --orgs 'Tenant orgs to seed (sandbox up: 0 for a bare cluster, nothing seeded)'
            cand --users-per-org 'Postgres roles per org (one per user), all granted to the app login role'
            cand --split 'Spread the user roles over K app login roles (app_1..app_K): the permanent fix'
            cand --dir 'The sandbox directory (default: $QUELL_SANDBOX_DIR, else /tmp/quell-sandbox-<uid>)'
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;sandbox;down'= {
            cand --dir 'The sandbox directory (default: $QUELL_SANDBOX_DIR, else /tmp/quell-sandbox-<uid>)'
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;sandbox;status'= {
            cand --dir 'The sandbox directory (default: $QUELL_SANDBOX_DIR, else /tmp/quell-sandbox-<uid>)'
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;sandbox;help'= {
            cand up 'Start the sandbox cluster, seeded with the incident (target name `sandbox`)'
            cand down 'Stop the sandbox cluster and remove its directory (only a sandbox''s)'
            cand status 'Is the sandbox running, and where (exit 1 when it is not)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'quell;sandbox;help;up'= {
        }
        &'quell;sandbox;help;down'= {
        }
        &'quell;sandbox;help;status'= {
        }
        &'quell;sandbox;help;help'= {
        }
        &'quell;rehearse'= {
            cand --orgs 'Tenant orgs to seed (sandbox up: 0 for a bare cluster, nothing seeded)'
            cand --users-per-org 'Postgres roles per org (one per user), all granted to the app login role'
            cand --split 'Spread the user roles over K app login roles (app_1..app_K): the permanent fix'
            cand --max-connections 'max_connections of the rehearsal cluster (small, so a 2-core machine saturates)'
            cand --bug 'How long the internal orgs'' upgrade bug opens connections, e.g. 20s'
            cand --svg 'Also draw the timeline as an SVG chart'
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --keep 'Keep the sandbox afterwards (its path is printed)'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;log'= {
            cand --org 'Only actions on this org'
            cand --kind 'Only actions of this kind'
            cand --since 'Only actions newer than this, e.g. 2h'
            cand --run-id 'Only actions of this run'
            cand --limit 'At most this many rows, newest first'
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;config'= {
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Validate the config, show resolved targets (passwords redacted), test each connection'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'quell;config;check'= {
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;config;help'= {
            cand check 'Validate the config, show resolved targets (passwords redacted), test each connection'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'quell;config;help;check'= {
        }
        &'quell;config;help;help'= {
        }
        &'quell;completions'= {
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;man'= {
            cand --dir 'Write every page (quell.1, quell-doctor.1, quell-tenants-suspend.1, …) into DIR'
            cand -c 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand --config 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]'
            cand -t 'Target or group from the config (repeatable; `all` for every target)'
            cand --target 'Target or group from the config (repeatable; `all` for every target)'
            cand --dsn 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --parallel 'Most connections open at once across targets'
            cand --no-color 'Disable colors (also when NO_COLOR is set)'
            cand -v 'More detail on stderr (-v, -vv)'
            cand --verbose 'More detail on stderr (-v, -vv)'
            cand -y 'Approve confirmations (required off a terminal)'
            cand --yes 'Approve confirmations (required off a terminal)'
            cand --dry-run 'Show what would change (SQL, HTTP) and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'quell;help'= {
            cand doctor 'Run every check and name the problem and the playbook for it'
            cand activity 'What pg_stat_activity shows, grouped, longest first'
            cand locks 'Blocking trees of lock waits'
            cand connections 'Connection slot budget: used, reserved, available, who holds them'
            cand roles 'Role census and transitive membership fan-out per login role'
            cand backends 'Cancel or terminate backends'
            cand init 'Create or upgrade the quell control schema in the target'
            cand tenants 'Suspend and resume tenant orgs'
            cand jobs 'Pause and resume periodic jobs'
            cand notice 'Post, update and resolve status-page notices'
            cand playbook 'List, validate and run YAML playbooks'
            cand sandbox 'A private PostgreSQL cluster for trying quell'
            cand rehearse 'Reproduce the incident in a sandbox, run a playbook, report recovery'
            cand log 'The action journal: who changed what, when, in which run'
            cand config 'Check the config file and test each target''s connection'
            cand completions 'Print shell completions'
            cand man 'Print a man page (roff), or write one per command with --dir'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'quell;help;doctor'= {
        }
        &'quell;help;activity'= {
        }
        &'quell;help;locks'= {
        }
        &'quell;help;connections'= {
        }
        &'quell;help;roles'= {
        }
        &'quell;help;backends'= {
            cand cancel 'pg_cancel_backend: stop the current query, keep the session'
            cand terminate 'pg_terminate_backend: end the session'
        }
        &'quell;help;backends;cancel'= {
        }
        &'quell;help;backends;terminate'= {
        }
        &'quell;help;init'= {
        }
        &'quell;help;tenants'= {
            cand list 'Orgs with live session counts'
            cand status 'Suspended orgs: since, by whom, why, mechanisms'
            cand suspend 'Suspend orgs (applies the configured mechanisms in order)'
            cand resume 'Resume orgs, restoring exactly what quell changed'
        }
        &'quell;help;tenants;list'= {
        }
        &'quell;help;tenants;status'= {
        }
        &'quell;help;tenants;suspend'= {
        }
        &'quell;help;tenants;resume'= {
        }
        &'quell;help;jobs'= {
            cand list 'Jobs with schedule, active, essential, paused by quell'
            cand pause 'Pause jobs'
            cand resume 'Resume jobs'
        }
        &'quell;help;jobs;list'= {
        }
        &'quell;help;jobs;pause'= {
        }
        &'quell;help;jobs;resume'= {
        }
        &'quell;help;notice'= {
            cand post 'Open an incident'
            cand update 'Add an update to an open incident'
            cand resolve 'Resolve an open incident'
            cand list 'Open incidents quell opened'
        }
        &'quell;help;notice;post'= {
        }
        &'quell;help;notice;update'= {
        }
        &'quell;help;notice;resolve'= {
        }
        &'quell;help;notice;list'= {
        }
        &'quell;help;playbook'= {
            cand list 'Shipped and configured playbooks'
            cand show 'Print a playbook'
            cand validate 'Check playbook files: every problem, each as FILE:LINE:COL'
            cand run 'Run a playbook'
            cand resume 'Continue a run after its last finished step'
            cand runs 'Recent runs from the local run journal, newest first'
            cand schema 'Print the playbook JSON Schema'
        }
        &'quell;help;playbook;list'= {
        }
        &'quell;help;playbook;show'= {
        }
        &'quell;help;playbook;validate'= {
        }
        &'quell;help;playbook;run'= {
        }
        &'quell;help;playbook;resume'= {
        }
        &'quell;help;playbook;runs'= {
        }
        &'quell;help;playbook;schema'= {
        }
        &'quell;help;sandbox'= {
            cand up 'Start the sandbox cluster, seeded with the incident (target name `sandbox`)'
            cand down 'Stop the sandbox cluster and remove its directory (only a sandbox''s)'
            cand status 'Is the sandbox running, and where (exit 1 when it is not)'
        }
        &'quell;help;sandbox;up'= {
        }
        &'quell;help;sandbox;down'= {
        }
        &'quell;help;sandbox;status'= {
        }
        &'quell;help;rehearse'= {
        }
        &'quell;help;log'= {
        }
        &'quell;help;config'= {
            cand check 'Validate the config, show resolved targets (passwords redacted), test each connection'
        }
        &'quell;help;config;check'= {
        }
        &'quell;help;completions'= {
        }
        &'quell;help;man'= {
        }
        &'quell;help;help'= {
        }
    ]
    $completions[$command]
}
