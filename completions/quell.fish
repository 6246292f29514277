# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_quell_global_optspecs
    string join \n c/config= t/target= dsn= o/output= no-color v/verbose y/yes dry-run parallel= h/help V/version
end

function __fish_quell_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_quell_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_quell_using_subcommand
    set -l cmd (__fish_quell_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c quell -n "__fish_quell_needs_command" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_needs_command" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_needs_command" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_needs_command" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_needs_command" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_needs_command" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_needs_command" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_needs_command" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_needs_command" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_needs_command" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_needs_command" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_needs_command" -f -a "doctor" -d 'Run every check and name the problem and the playbook for it'
complete -c quell -n "__fish_quell_needs_command" -f -a "activity" -d 'What pg_stat_activity shows, grouped, longest first'
complete -c quell -n "__fish_quell_needs_command" -f -a "locks" -d 'Blocking trees of lock waits'
complete -c quell -n "__fish_quell_needs_command" -f -a "connections" -d 'Connection slot budget: used, reserved, available, who holds them'
complete -c quell -n "__fish_quell_needs_command" -f -a "roles" -d 'Role census and transitive membership fan-out per login role'
complete -c quell -n "__fish_quell_needs_command" -f -a "backends" -d 'Cancel or terminate backends'
complete -c quell -n "__fish_quell_needs_command" -f -a "init" -d 'Create or upgrade the quell control schema in the target'
complete -c quell -n "__fish_quell_needs_command" -f -a "tenants" -d 'Suspend and resume tenant orgs'
complete -c quell -n "__fish_quell_needs_command" -f -a "jobs" -d 'Pause and resume periodic jobs'
complete -c quell -n "__fish_quell_needs_command" -f -a "notice" -d 'Post, update and resolve status-page notices'
complete -c quell -n "__fish_quell_needs_command" -f -a "playbook" -d 'List, validate and run YAML playbooks'
complete -c quell -n "__fish_quell_needs_command" -f -a "sandbox" -d 'A private PostgreSQL cluster for trying quell'
complete -c quell -n "__fish_quell_needs_command" -f -a "rehearse" -d 'Reproduce the incident in a sandbox, run a playbook, report recovery'
complete -c quell -n "__fish_quell_needs_command" -f -a "log" -d 'The action journal: who changed what, when, in which run'
complete -c quell -n "__fish_quell_needs_command" -f -a "config" -d 'Check the config file and test each target\'s connection'
complete -c quell -n "__fish_quell_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c quell -n "__fish_quell_needs_command" -f -a "man" -d 'Print a man page (roff), or write one per command with --dir'
complete -c quell -n "__fish_quell_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c quell -n "__fish_quell_using_subcommand doctor" -l fail-on -d 'Exit 1 when a finding reaches this severity' -r -f -a "info\t''
warning\t''
critical\t''"
complete -c quell -n "__fish_quell_using_subcommand doctor" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand doctor" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand doctor" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand doctor" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand doctor" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand doctor" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand doctor" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand doctor" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand doctor" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand activity" -l group-by -d 'Group by these keys (comma-separated)' -r -f -a "state\t''
wait\t''
role\t''
db\t''
app\t''
client\t''
org\t''"
complete -c quell -n "__fish_quell_using_subcommand activity" -l limit -d 'Show the N longest' -r
complete -c quell -n "__fish_quell_using_subcommand activity" -l age -d 'Which age orders the longest' -r -f -a "query\t''
xact\t''
backend\t''"
complete -c quell -n "__fish_quell_using_subcommand activity" -l state -d 'Only backends in this state (active, idle, "idle in transaction", …)' -r
complete -c quell -n "__fish_quell_using_subcommand activity" -l db -d 'Only this database' -r
complete -c quell -n "__fish_quell_using_subcommand activity" -l role -d 'Only this role' -r
complete -c quell -n "__fish_quell_using_subcommand activity" -l app -d 'Only this application_name' -r
complete -c quell -n "__fish_quell_using_subcommand activity" -l min-duration -d 'Only backends whose current query (or state) is at least this old, e.g. 30s' -r
complete -c quell -n "__fish_quell_using_subcommand activity" -l wait -d 'Only backends waiting on TYPE or TYPE:EVENT' -r
complete -c quell -n "__fish_quell_using_subcommand activity" -l watch -d 'Redraw every SECS seconds until Ctrl-C' -r
complete -c quell -n "__fish_quell_using_subcommand activity" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand activity" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand activity" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand activity" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand activity" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand activity" -l all-backends -d 'Include background workers and other non-client backends'
complete -c quell -n "__fish_quell_using_subcommand activity" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand activity" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand activity" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand activity" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand activity" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand activity" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand locks" -l min-wait -d 'Only waits at least this old, e.g. 5s' -r
complete -c quell -n "__fish_quell_using_subcommand locks" -l fail-if-blocked -d 'Exit 1 when any wait is older than this, e.g. 30s (a bare number is seconds)' -r
complete -c quell -n "__fish_quell_using_subcommand locks" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand locks" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand locks" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand locks" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand locks" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand locks" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand locks" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand locks" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand locks" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand locks" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand locks" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand connections" -l limit -d 'Rows per breakdown in the table (JSON has all)' -r
complete -c quell -n "__fish_quell_using_subcommand connections" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand connections" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand connections" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand connections" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand connections" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand connections" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand connections" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand connections" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand connections" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand connections" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand connections" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand roles" -l top -d 'Show the N login roles with the largest fan-out' -r
complete -c quell -n "__fish_quell_using_subcommand roles" -l probe -d 'Measure the first privilege check of ROLE in a fresh backend' -r
complete -c quell -n "__fish_quell_using_subcommand roles" -l probe-budget -d 'Refuse to probe when the estimated cost exceeds this, e.g. 5s' -r
complete -c quell -n "__fish_quell_using_subcommand roles" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand roles" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand roles" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand roles" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand roles" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand roles" -l force -d 'Probe even when the estimate exceeds the budget'
complete -c quell -n "__fish_quell_using_subcommand roles" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand roles" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand roles" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand roles" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand roles" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand roles" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand backends; and not __fish_seen_subcommand_from cancel terminate help" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand backends; and not __fish_seen_subcommand_from cancel terminate help" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand backends; and not __fish_seen_subcommand_from cancel terminate help" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand backends; and not __fish_seen_subcommand_from cancel terminate help" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand backends; and not __fish_seen_subcommand_from cancel terminate help" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand backends; and not __fish_seen_subcommand_from cancel terminate help" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand backends; and not __fish_seen_subcommand_from cancel terminate help" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand backends; and not __fish_seen_subcommand_from cancel terminate help" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand backends; and not __fish_seen_subcommand_from cancel terminate help" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand backends; and not __fish_seen_subcommand_from cancel terminate help" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand backends; and not __fish_seen_subcommand_from cancel terminate help" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand backends; and not __fish_seen_subcommand_from cancel terminate help" -f -a "cancel" -d 'pg_cancel_backend: stop the current query, keep the session'
complete -c quell -n "__fish_quell_using_subcommand backends; and not __fish_seen_subcommand_from cancel terminate help" -f -a "terminate" -d 'pg_terminate_backend: end the session'
complete -c quell -n "__fish_quell_using_subcommand backends; and not __fish_seen_subcommand_from cancel terminate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from cancel" -l pid -d 'These backend pids' -r
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from cancel" -l state -d 'Only backends in this state (active, idle, "idle in transaction", …)' -r
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from cancel" -l db -d 'Only this database' -r
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from cancel" -l role -d 'Only this role' -r
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from cancel" -l app -d 'Only this application_name' -r
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from cancel" -l min-duration -d 'Only backends whose current query (or state) is at least this old, e.g. 30s' -r
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from cancel" -l org -d 'Only sessions of this tenant org' -r
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from cancel" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from cancel" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from cancel" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from cancel" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from cancel" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from cancel" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from cancel" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from cancel" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from cancel" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from cancel" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from terminate" -l pid -d 'These backend pids' -r
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from terminate" -l state -d 'Only backends in this state (active, idle, "idle in transaction", …)' -r
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from terminate" -l db -d 'Only this database' -r
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from terminate" -l role -d 'Only this role' -r
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from terminate" -l app -d 'Only this application_name' -r
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from terminate" -l min-duration -d 'Only backends whose current query (or state) is at least this old, e.g. 30s' -r
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from terminate" -l org -d 'Only sessions of this tenant org' -r
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from terminate" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from terminate" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from terminate" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from terminate" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from terminate" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from terminate" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from terminate" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from terminate" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from terminate" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from terminate" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from terminate" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from help" -f -a "cancel" -d 'pg_cancel_backend: stop the current query, keep the session'
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from help" -f -a "terminate" -d 'pg_terminate_backend: end the session'
complete -c quell -n "__fish_quell_using_subcommand backends; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c quell -n "__fish_quell_using_subcommand init" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand init" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand init" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand init" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand init" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand init" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand init" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand init" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand init" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand init" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand init" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand tenants; and not __fish_seen_subcommand_from list status suspend resume help" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand tenants; and not __fish_seen_subcommand_from list status suspend resume help" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand tenants; and not __fish_seen_subcommand_from list status suspend resume help" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand tenants; and not __fish_seen_subcommand_from list status suspend resume help" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand tenants; and not __fish_seen_subcommand_from list status suspend resume help" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand tenants; and not __fish_seen_subcommand_from list status suspend resume help" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand tenants; and not __fish_seen_subcommand_from list status suspend resume help" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand tenants; and not __fish_seen_subcommand_from list status suspend resume help" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand tenants; and not __fish_seen_subcommand_from list status suspend resume help" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand tenants; and not __fish_seen_subcommand_from list status suspend resume help" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand tenants; and not __fish_seen_subcommand_from list status suspend resume help" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand tenants; and not __fish_seen_subcommand_from list status suspend resume help" -f -a "list" -d 'Orgs with live session counts'
complete -c quell -n "__fish_quell_using_subcommand tenants; and not __fish_seen_subcommand_from list status suspend resume help" -f -a "status" -d 'Suspended orgs: since, by whom, why, mechanisms'
complete -c quell -n "__fish_quell_using_subcommand tenants; and not __fish_seen_subcommand_from list status suspend resume help" -f -a "suspend" -d 'Suspend orgs (applies the configured mechanisms in order)'
complete -c quell -n "__fish_quell_using_subcommand tenants; and not __fish_seen_subcommand_from list status suspend resume help" -f -a "resume" -d 'Resume orgs, restoring exactly what quell changed'
complete -c quell -n "__fish_quell_using_subcommand tenants; and not __fish_seen_subcommand_from list status suspend resume help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from list" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from list" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from list" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from list" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from list" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from list" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from list" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from status" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from status" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from status" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from status" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from status" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from status" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from status" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from status" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from suspend" -l top -d 'The N orgs ranked by --by' -r
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from suspend" -l by -d 'Ranking for --top' -r -f -a "connections\t''"
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from suspend" -l from-file -d 'Read org ids from a file, one per line' -r -F
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from suspend" -l reason -d 'Why (recorded in the ledger)' -r
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from suspend" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from suspend" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from suspend" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from suspend" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from suspend" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from suspend" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from suspend" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from suspend" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from suspend" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from suspend" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from suspend" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from resume" -l batch -d 'Resume N orgs at a time' -r
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from resume" -l interval -d 'Wait this long between batches, e.g. 30s' -r
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from resume" -l max-utilization -d 'Stop when connection utilization exceeds this fraction' -r
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from resume" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from resume" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from resume" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from resume" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from resume" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from resume" -l all -d 'Every org quell suspended'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from resume" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from resume" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from resume" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from resume" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from help" -f -a "list" -d 'Orgs with live session counts'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from help" -f -a "status" -d 'Suspended orgs: since, by whom, why, mechanisms'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from help" -f -a "suspend" -d 'Suspend orgs (applies the configured mechanisms in order)'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Resume orgs, restoring exactly what quell changed'
complete -c quell -n "__fish_quell_using_subcommand tenants; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c quell -n "__fish_quell_using_subcommand jobs; and not __fish_seen_subcommand_from list pause resume help" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand jobs; and not __fish_seen_subcommand_from list pause resume help" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand jobs; and not __fish_seen_subcommand_from list pause resume help" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand jobs; and not __fish_seen_subcommand_from list pause resume help" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand jobs; and not __fish_seen_subcommand_from list pause resume help" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand jobs; and not __fish_seen_subcommand_from list pause resume help" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand jobs; and not __fish_seen_subcommand_from list pause resume help" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand jobs; and not __fish_seen_subcommand_from list pause resume help" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand jobs; and not __fish_seen_subcommand_from list pause resume help" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand jobs; and not __fish_seen_subcommand_from list pause resume help" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand jobs; and not __fish_seen_subcommand_from list pause resume help" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand jobs; and not __fish_seen_subcommand_from list pause resume help" -f -a "list" -d 'Jobs with schedule, active, essential, paused by quell'
complete -c quell -n "__fish_quell_using_subcommand jobs; and not __fish_seen_subcommand_from list pause resume help" -f -a "pause" -d 'Pause jobs'
complete -c quell -n "__fish_quell_using_subcommand jobs; and not __fish_seen_subcommand_from list pause resume help" -f -a "resume" -d 'Resume jobs'
complete -c quell -n "__fish_quell_using_subcommand jobs; and not __fish_seen_subcommand_from list pause resume help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from list" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from list" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from list" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from list" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from list" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from list" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from list" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from pause" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from pause" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from pause" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from pause" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from pause" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from pause" -l non-essential -d 'Every active job not marked essential'
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from pause" -l force -d 'Pause an essential job named explicitly without asking'
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from pause" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from pause" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from pause" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from pause" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from pause" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from resume" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from resume" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from resume" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from resume" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from resume" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from resume" -l paused -d 'Exactly the jobs quell paused'
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from resume" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from resume" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from resume" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from resume" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "list" -d 'Jobs with schedule, active, essential, paused by quell'
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Pause jobs'
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Resume jobs'
complete -c quell -n "__fish_quell_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c quell -n "__fish_quell_using_subcommand notice; and not __fish_seen_subcommand_from post update resolve list help" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand notice; and not __fish_seen_subcommand_from post update resolve list help" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and not __fish_seen_subcommand_from post update resolve list help" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and not __fish_seen_subcommand_from post update resolve list help" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand notice; and not __fish_seen_subcommand_from post update resolve list help" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and not __fish_seen_subcommand_from post update resolve list help" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand notice; and not __fish_seen_subcommand_from post update resolve list help" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand notice; and not __fish_seen_subcommand_from post update resolve list help" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand notice; and not __fish_seen_subcommand_from post update resolve list help" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand notice; and not __fish_seen_subcommand_from post update resolve list help" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand notice; and not __fish_seen_subcommand_from post update resolve list help" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand notice; and not __fish_seen_subcommand_from post update resolve list help" -f -a "post" -d 'Open an incident'
complete -c quell -n "__fish_quell_using_subcommand notice; and not __fish_seen_subcommand_from post update resolve list help" -f -a "update" -d 'Add an update to an open incident'
complete -c quell -n "__fish_quell_using_subcommand notice; and not __fish_seen_subcommand_from post update resolve list help" -f -a "resolve" -d 'Resolve an open incident'
complete -c quell -n "__fish_quell_using_subcommand notice; and not __fish_seen_subcommand_from post update resolve list help" -f -a "list" -d 'Open incidents quell opened'
complete -c quell -n "__fish_quell_using_subcommand notice; and not __fish_seen_subcommand_from post update resolve list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from post" -l title -d 'Incident title' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from post" -l status -d 'Incident status (investigating, identified, monitoring, resolved)' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from post" -l body -d 'Update text' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from post" -l body-file -d 'Read the body from a file' -r -F
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from post" -l component -d 'Component status, COMPONENT=STATUS (repeatable)' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from post" -l provider -d 'Which configured provider' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from post" -l impact -d 'Impact shown on the page (none, minor, major, critical; default: computed by the provider)' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from post" -l key -d 'Idempotency key stored in the incident (default: derived from the title)' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from post" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from post" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from post" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from post" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from post" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from post" -l no-notify -d 'Do not notify subscribers'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from post" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from post" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from post" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from post" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from post" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from post" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from update" -l incident -d 'Incident id (default: the single open incident quell opened)' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from update" -l status -d 'Incident status' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from update" -l body -d 'Update text' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from update" -l body-file -d 'Read the body from a file' -r -F
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from update" -l component -d 'Component status, COMPONENT=STATUS (repeatable)' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from update" -l provider -d 'Which configured provider' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from update" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from update" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from update" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from update" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from update" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from update" -l no-notify -d 'Do not notify subscribers'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from update" -l reopen -d 'Update an incident that is already resolved (reopening it)'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from update" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from update" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from update" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from update" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from resolve" -l incident -d 'Incident id (default: the single open incident quell opened)' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from resolve" -l status -d 'Incident status' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from resolve" -l body -d 'Update text' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from resolve" -l body-file -d 'Read the body from a file' -r -F
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from resolve" -l component -d 'Component status, COMPONENT=STATUS (repeatable)' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from resolve" -l provider -d 'Which configured provider' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from resolve" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from resolve" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from resolve" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from resolve" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from resolve" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from resolve" -l no-notify -d 'Do not notify subscribers'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from resolve" -l reopen -d 'Update an incident that is already resolved (reopening it)'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from resolve" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from resolve" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from resolve" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from resolve" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from resolve" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from resolve" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from list" -l provider -d 'Which configured provider' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from list" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from list" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from list" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from list" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from list" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from list" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from list" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from help" -f -a "post" -d 'Open an incident'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from help" -f -a "update" -d 'Add an update to an open incident'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from help" -f -a "resolve" -d 'Resolve an open incident'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from help" -f -a "list" -d 'Open incidents quell opened'
complete -c quell -n "__fish_quell_using_subcommand notice; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c quell -n "__fish_quell_using_subcommand playbook; and not __fish_seen_subcommand_from list show validate run resume runs schema help" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand playbook; and not __fish_seen_subcommand_from list show validate run resume runs schema help" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and not __fish_seen_subcommand_from list show validate run resume runs schema help" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and not __fish_seen_subcommand_from list show validate run resume runs schema help" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand playbook; and not __fish_seen_subcommand_from list show validate run resume runs schema help" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and not __fish_seen_subcommand_from list show validate run resume runs schema help" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand playbook; and not __fish_seen_subcommand_from list show validate run resume runs schema help" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand playbook; and not __fish_seen_subcommand_from list show validate run resume runs schema help" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand playbook; and not __fish_seen_subcommand_from list show validate run resume runs schema help" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand playbook; and not __fish_seen_subcommand_from list show validate run resume runs schema help" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand playbook; and not __fish_seen_subcommand_from list show validate run resume runs schema help" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand playbook; and not __fish_seen_subcommand_from list show validate run resume runs schema help" -f -a "list" -d 'Shipped and configured playbooks'
complete -c quell -n "__fish_quell_using_subcommand playbook; and not __fish_seen_subcommand_from list show validate run resume runs schema help" -f -a "show" -d 'Print a playbook'
complete -c quell -n "__fish_quell_using_subcommand playbook; and not __fish_seen_subcommand_from list show validate run resume runs schema help" -f -a "validate" -d 'Check playbook files: every problem, each as FILE:LINE:COL'
complete -c quell -n "__fish_quell_using_subcommand playbook; and not __fish_seen_subcommand_from list show validate run resume runs schema help" -f -a "run" -d 'Run a playbook'
complete -c quell -n "__fish_quell_using_subcommand playbook; and not __fish_seen_subcommand_from list show validate run resume runs schema help" -f -a "resume" -d 'Continue a run after its last finished step'
complete -c quell -n "__fish_quell_using_subcommand playbook; and not __fish_seen_subcommand_from list show validate run resume runs schema help" -f -a "runs" -d 'Recent runs from the local run journal, newest first'
complete -c quell -n "__fish_quell_using_subcommand playbook; and not __fish_seen_subcommand_from list show validate run resume runs schema help" -f -a "schema" -d 'Print the playbook JSON Schema'
complete -c quell -n "__fish_quell_using_subcommand playbook; and not __fish_seen_subcommand_from list show validate run resume runs schema help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from list" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from list" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from list" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from list" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from list" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from list" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from list" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from show" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from show" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from show" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from show" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from show" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from show" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from show" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from validate" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from validate" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from validate" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from validate" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from validate" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from validate" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from validate" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from validate" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from validate" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from validate" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from validate" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from run" -l input -d 'Input values, NAME=VALUE (repeatable)' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from run" -l approve -d 'Approve a dangerous gate (repeatable)' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from run" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from run" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from run" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from run" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from run" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from run" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from run" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from run" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from run" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from run" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from resume" -l approve -d 'Approve a dangerous gate (repeatable)' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from resume" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from resume" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from resume" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from resume" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from resume" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from resume" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from resume" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from resume" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from resume" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from runs" -l limit -d 'Show at most this many' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from runs" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from runs" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from runs" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from runs" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from runs" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from runs" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from runs" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from runs" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from runs" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from runs" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from runs" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from schema" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from schema" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from schema" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from schema" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from schema" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from schema" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from schema" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from schema" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from schema" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from schema" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from schema" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from help" -f -a "list" -d 'Shipped and configured playbooks'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print a playbook'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from help" -f -a "validate" -d 'Check playbook files: every problem, each as FILE:LINE:COL'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from help" -f -a "run" -d 'Run a playbook'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Continue a run after its last finished step'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from help" -f -a "runs" -d 'Recent runs from the local run journal, newest first'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from help" -f -a "schema" -d 'Print the playbook JSON Schema'
complete -c quell -n "__fish_quell_using_subcommand playbook; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -f -a "up" -d 'Start the sandbox cluster, seeded with the incident (target name `sandbox`)'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -f -a "down" -d 'Stop the sandbox cluster and remove its directory (only a sandbox\'s)'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -f -a "status" -d 'Is the sandbox running, and where (exit 1 when it is not)'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from up" -l max-connections -d 'max_connections of the sandbox cluster' -r
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from up" -l orgs -d 'Tenant orgs to seed (sandbox up: 0 for a bare cluster, nothing seeded)' -r
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from up" -l users-per-org -d 'Postgres roles per org (one per user), all granted to the app login role' -r
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from up" -l split -d 'Spread the user roles over K app login roles (app_1..app_K): the permanent fix' -r
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from up" -l dir -d 'The sandbox directory (default: $QUELL_SANDBOX_DIR, else /tmp/quell-sandbox-<uid>)' -r -F
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from up" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from up" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from up" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from up" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from up" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from up" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from up" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from up" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from up" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from up" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from up" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from down" -l dir -d 'The sandbox directory (default: $QUELL_SANDBOX_DIR, else /tmp/quell-sandbox-<uid>)' -r -F
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from down" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from down" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from down" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from down" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from down" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from down" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from down" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from down" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from down" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from down" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from down" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from status" -l dir -d 'The sandbox directory (default: $QUELL_SANDBOX_DIR, else /tmp/quell-sandbox-<uid>)' -r -F
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from status" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from status" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from status" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from status" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from status" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from status" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from status" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from status" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "up" -d 'Start the sandbox cluster, seeded with the incident (target name `sandbox`)'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "down" -d 'Stop the sandbox cluster and remove its directory (only a sandbox\'s)'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "status" -d 'Is the sandbox running, and where (exit 1 when it is not)'
complete -c quell -n "__fish_quell_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c quell -n "__fish_quell_using_subcommand rehearse" -l orgs -d 'Tenant orgs to seed (sandbox up: 0 for a bare cluster, nothing seeded)' -r
complete -c quell -n "__fish_quell_using_subcommand rehearse" -l users-per-org -d 'Postgres roles per org (one per user), all granted to the app login role' -r
complete -c quell -n "__fish_quell_using_subcommand rehearse" -l split -d 'Spread the user roles over K app login roles (app_1..app_K): the permanent fix' -r
complete -c quell -n "__fish_quell_using_subcommand rehearse" -l max-connections -d 'max_connections of the rehearsal cluster (small, so a 2-core machine saturates)' -r
complete -c quell -n "__fish_quell_using_subcommand rehearse" -l bug -d 'How long the internal orgs\' upgrade bug opens connections, e.g. 20s' -r
complete -c quell -n "__fish_quell_using_subcommand rehearse" -l svg -d 'Also draw the timeline as an SVG chart' -r -F
complete -c quell -n "__fish_quell_using_subcommand rehearse" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand rehearse" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand rehearse" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand rehearse" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand rehearse" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand rehearse" -l keep -d 'Keep the sandbox afterwards (its path is printed)'
complete -c quell -n "__fish_quell_using_subcommand rehearse" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand rehearse" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand rehearse" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand rehearse" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand rehearse" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand rehearse" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand log" -l org -d 'Only actions on this org' -r
complete -c quell -n "__fish_quell_using_subcommand log" -l kind -d 'Only actions of this kind' -r
complete -c quell -n "__fish_quell_using_subcommand log" -l since -d 'Only actions newer than this, e.g. 2h' -r
complete -c quell -n "__fish_quell_using_subcommand log" -l run-id -d 'Only actions of this run' -r
complete -c quell -n "__fish_quell_using_subcommand log" -l limit -d 'At most this many rows, newest first' -r
complete -c quell -n "__fish_quell_using_subcommand log" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand log" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand log" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand log" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand log" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand log" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand log" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand log" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand log" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand log" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand log" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand config; and not __fish_seen_subcommand_from check help" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand config; and not __fish_seen_subcommand_from check help" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand config; and not __fish_seen_subcommand_from check help" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand config; and not __fish_seen_subcommand_from check help" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand config; and not __fish_seen_subcommand_from check help" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand config; and not __fish_seen_subcommand_from check help" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand config; and not __fish_seen_subcommand_from check help" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand config; and not __fish_seen_subcommand_from check help" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand config; and not __fish_seen_subcommand_from check help" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand config; and not __fish_seen_subcommand_from check help" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand config; and not __fish_seen_subcommand_from check help" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand config; and not __fish_seen_subcommand_from check help" -f -a "check" -d 'Validate the config, show resolved targets (passwords redacted), test each connection'
complete -c quell -n "__fish_quell_using_subcommand config; and not __fish_seen_subcommand_from check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c quell -n "__fish_quell_using_subcommand config; and __fish_seen_subcommand_from check" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand config; and __fish_seen_subcommand_from check" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand config; and __fish_seen_subcommand_from check" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand config; and __fish_seen_subcommand_from check" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand config; and __fish_seen_subcommand_from check" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand config; and __fish_seen_subcommand_from check" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand config; and __fish_seen_subcommand_from check" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand config; and __fish_seen_subcommand_from check" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand config; and __fish_seen_subcommand_from check" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand config; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand config; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "check" -d 'Validate the config, show resolved targets (passwords redacted), test each connection'
complete -c quell -n "__fish_quell_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c quell -n "__fish_quell_using_subcommand completions" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand completions" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand completions" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand completions" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand completions" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand completions" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand completions" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand completions" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand completions" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand completions" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand completions" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand man" -l dir -d 'Write every page (quell.1, quell-doctor.1, quell-tenants-suspend.1, …) into DIR' -r -F
complete -c quell -n "__fish_quell_using_subcommand man" -s c -l config -d 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]' -r -F
complete -c quell -n "__fish_quell_using_subcommand man" -s t -l target -d 'Target or group from the config (repeatable; `all` for every target)' -r
complete -c quell -n "__fish_quell_using_subcommand man" -l dsn -d 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)' -r
complete -c quell -n "__fish_quell_using_subcommand man" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c quell -n "__fish_quell_using_subcommand man" -l parallel -d 'Most connections open at once across targets' -r
complete -c quell -n "__fish_quell_using_subcommand man" -l no-color -d 'Disable colors (also when NO_COLOR is set)'
complete -c quell -n "__fish_quell_using_subcommand man" -s v -l verbose -d 'More detail on stderr (-v, -vv)'
complete -c quell -n "__fish_quell_using_subcommand man" -s y -l yes -d 'Approve confirmations (required off a terminal)'
complete -c quell -n "__fish_quell_using_subcommand man" -l dry-run -d 'Show what would change (SQL, HTTP) and change nothing'
complete -c quell -n "__fish_quell_using_subcommand man" -s h -l help -d 'Print help'
complete -c quell -n "__fish_quell_using_subcommand man" -s V -l version -d 'Print version'
complete -c quell -n "__fish_quell_using_subcommand help; and not __fish_seen_subcommand_from doctor activity locks connections roles backends init tenants jobs notice playbook sandbox rehearse log config completions man help" -f -a "doctor" -d 'Run every check and name the problem and the playbook for it'
complete -c quell -n "__fish_quell_using_subcommand help; and not __fish_seen_subcommand_from doctor activity locks connections roles backends init tenants jobs notice playbook sandbox rehearse log config completions man help" -f -a "activity" -d 'What pg_stat_activity shows, grouped, longest first'
complete -c quell -n "__fish_quell_using_subcommand help; and not __fish_seen_subcommand_from doctor activity locks connections roles backends init tenants jobs notice playbook sandbox rehearse log config completions man help" -f -a "locks" -d 'Blocking trees of lock waits'
complete -c quell -n "__fish_quell_using_subcommand help; and not __fish_seen_subcommand_from doctor activity locks connections roles backends init tenants jobs notice playbook sandbox rehearse log config completions man help" -f -a "connections" -d 'Connection slot budget: used, reserved, available, who holds them'
complete -c quell -n "__fish_quell_using_subcommand help; and not __fish_seen_subcommand_from doctor activity locks connections roles backends init tenants jobs notice playbook sandbox rehearse log config completions man help" -f -a "roles" -d 'Role census and transitive membership fan-out per login role'
complete -c quell -n "__fish_quell_using_subcommand help; and not __fish_seen_subcommand_from doctor activity locks connections roles backends init tenants jobs notice playbook sandbox rehearse log config completions man help" -f -a "backends" -d 'Cancel or terminate backends'
complete -c quell -n "__fish_quell_using_subcommand help; and not __fish_seen_subcommand_from doctor activity locks connections roles backends init tenants jobs notice playbook sandbox rehearse log config completions man help" -f -a "init" -d 'Create or upgrade the quell control schema in the target'
complete -c quell -n "__fish_quell_using_subcommand help; and not __fish_seen_subcommand_from doctor activity locks connections roles backends init tenants jobs notice playbook sandbox rehearse log config completions man help" -f -a "tenants" -d 'Suspend and resume tenant orgs'
complete -c quell -n "__fish_quell_using_subcommand help; and not __fish_seen_subcommand_from doctor activity locks connections roles backends init tenants jobs notice playbook sandbox rehearse log config completions man help" -f -a "jobs" -d 'Pause and resume periodic jobs'
complete -c quell -n "__fish_quell_using_subcommand help; and not __fish_seen_subcommand_from doctor activity locks connections roles backends init tenants jobs notice playbook sandbox rehearse log config completions man help" -f -a "notice" -d 'Post, update and resolve status-page notices'
complete -c quell -n "__fish_quell_using_subcommand help; and not __fish_seen_subcommand_from doctor activity locks connections roles backends init tenants jobs notice playbook sandbox rehearse log config completions man help" -f -a "playbook" -d 'List, validate and run YAML playbooks'
complete -c quell -n "__fish_quell_using_subcommand help; and not __fish_seen_subcommand_from doctor activity locks connections roles backends init tenants jobs notice playbook sandbox rehearse log config completions man help" -f -a "sandbox" -d 'A private PostgreSQL cluster for trying quell'
complete -c quell -n "__fish_quell_using_subcommand help; and not __fish_seen_subcommand_from doctor activity locks connections roles backends init tenants jobs notice playbook sandbox rehearse log config completions man help" -f -a "rehearse" -d 'Reproduce the incident in a sandbox, run a playbook, report recovery'
complete -c quell -n "__fish_quell_using_subcommand help; and not __fish_seen_subcommand_from doctor activity locks connections roles backends init tenants jobs notice playbook sandbox rehearse log config completions man help" -f -a "log" -d 'The action journal: who changed what, when, in which run'
complete -c quell -n "__fish_quell_using_subcommand help; and not __fish_seen_subcommand_from doctor activity locks connections roles backends init tenants jobs notice playbook sandbox rehearse log config completions man help" -f -a "config" -d 'Check the config file and test each target\'s connection'
complete -c quell -n "__fish_quell_using_subcommand help; and not __fish_seen_subcommand_from doctor activity locks connections roles backends init tenants jobs notice playbook sandbox rehearse log config completions man help" -f -a "completions" -d 'Print shell completions'
complete -c quell -n "__fish_quell_using_subcommand help; and not __fish_seen_subcommand_from doctor activity locks connections roles backends init tenants jobs notice playbook sandbox rehearse log config completions man help" -f -a "man" -d 'Print a man page (roff), or write one per command with --dir'
complete -c quell -n "__fish_quell_using_subcommand help; and not __fish_seen_subcommand_from doctor activity locks connections roles backends init tenants jobs notice playbook sandbox rehearse log config completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c quell -n "__fish_quell_using_subcommand help; and __fish_seen_subcommand_from backends" -f -a "cancel" -d 'pg_cancel_backend: stop the current query, keep the session'
complete -c quell -n "__fish_quell_using_subcommand help; and __fish_seen_subcommand_from backends" -f -a "terminate" -d 'pg_terminate_backend: end the session'
complete -c quell -n "__fish_quell_using_subcommand help; and __fish_seen_subcommand_from tenants" -f -a "list" -d 'Orgs with live session counts'
complete -c quell -n "__fish_quell_using_subcommand help; and __fish_seen_subcommand_from tenants" -f -a "status" -d 'Suspended orgs: since, by whom, why, mechanisms'
complete -c quell -n "__fish_quell_using_subcommand help; and __fish_seen_subcommand_from tenants" -f -a "suspend" -d 'Suspend orgs (applies the configured mechanisms in order)'
complete -c quell -n "__fish_quell_using_subcommand help; and __fish_seen_subcommand_from tenants" -f -a "resume" -d 'Resume orgs, restoring exactly what quell changed'
complete -c quell -n "__fish_quell_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "list" -d 'Jobs with schedule, active, essential, paused by quell'
complete -c quell -n "__fish_quell_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "pause" -d 'Pause jobs'
complete -c quell -n "__fish_quell_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "resume" -d 'Resume jobs'
complete -c quell -n "__fish_quell_using_subcommand help; and __fish_seen_subcommand_from notice" -f -a "post" -d 'Open an incident'
complete -c quell -n "__fish_quell_using_subcommand help; and __fish_seen_subcommand_from notice" -f -a "update" -d 'Add an update to an open incident'
complete -c quell -n "__fish_quell_using_subcommand help; and __fish_seen_subcommand_from notice" -f -a "resolve" -d 'Resolve an open incident'
complete -c quell -n "__fish_quell_using_subcommand help; and __fish_seen_subcommand_from notice" -f -a "list" -d 'Open incidents quell opened'
complete -c quell -n "__fish_quell_using_subcommand help; and __fish_seen_subcommand_from playbook" -f -a "list" -d 'Shipped and configured playbooks'
complete -c quell -n "__fish_quell_using_subcommand help; and __fish_seen_subcommand_from playbook" -f -a "show" -d 'Print a playbook'
complete -c quell -n "__fish_quell_using_subcommand help; and __fish_seen_subcommand_from playbook" -f -a "validate" -d 'Check playbook files: every problem, each as FILE:LINE:COL'
complete -c quell -n "__fish_quell_using_subcommand help; and __fish_seen_subcommand_from playbook" -f -a "run" -d 'Run a playbook'
complete -c quell -n "__fish_quell_using_subcommand help; and __fish_seen_subcommand_from playbook" -f -a "resume" -d 'Continue a run after its last finished step'
complete -c quell -n "__fish_quell_using_subcommand help; and __fish_seen_subcommand_from playbook" -f -a "runs" -d 'Recent runs from the local run journal, newest first'
complete -c quell -n "__fish_quell_using_subcommand help; and __fish_seen_subcommand_from playbook" -f -a "schema" -d 'Print the playbook JSON Schema'
complete -c quell -n "__fish_quell_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "up" -d 'Start the sandbox cluster, seeded with the incident (target name `sandbox`)'
complete -c quell -n "__fish_quell_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "down" -d 'Stop the sandbox cluster and remove its directory (only a sandbox\'s)'
complete -c quell -n "__fish_quell_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "status" -d 'Is the sandbox running, and where (exit 1 when it is not)'
complete -c quell -n "__fish_quell_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "check" -d 'Validate the config, show resolved targets (passwords redacted), test each connection'
