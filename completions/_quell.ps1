
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'quell' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'quell'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'quell' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Run every check and name the problem and the playbook for it')
            [CompletionResult]::new('activity', 'activity', [CompletionResultType]::ParameterValue, 'What pg_stat_activity shows, grouped, longest first')
            [CompletionResult]::new('locks', 'locks', [CompletionResultType]::ParameterValue, 'Blocking trees of lock waits')
            [CompletionResult]::new('connections', 'connections', [CompletionResultType]::ParameterValue, 'Connection slot budget: used, reserved, available, who holds them')
            [CompletionResult]::new('roles', 'roles', [CompletionResultType]::ParameterValue, 'Role census and transitive membership fan-out per login role')
            [CompletionResult]::new('backends', 'backends', [CompletionResultType]::ParameterValue, 'Cancel or terminate backends')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create or upgrade the quell control schema in the target')
            [CompletionResult]::new('tenants', 'tenants', [CompletionResultType]::ParameterValue, 'Suspend and resume tenant orgs')
            [CompletionResult]::new('jobs', 'jobs', [CompletionResultType]::ParameterValue, 'Pause and resume periodic jobs')
            [CompletionResult]::new('notice', 'notice', [CompletionResultType]::ParameterValue, 'Post, update and resolve status-page notices')
            [CompletionResult]::new('playbook', 'playbook', [CompletionResultType]::ParameterValue, 'List, validate and run YAML playbooks')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'A private PostgreSQL cluster for trying quell')
            [CompletionResult]::new('rehearse', 'rehearse', [CompletionResultType]::ParameterValue, 'Reproduce the incident in a sandbox, run a playbook, report recovery')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'The action journal: who changed what, when, in which run')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Check the config file and test each target''s connection')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a man page (roff), or write one per command with --dir')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'quell;doctor' {
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Exit 1 when a finding reaches this severity')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;activity' {
            [CompletionResult]::new('--group-by', '--group-by', [CompletionResultType]::ParameterName, 'Group by these keys (comma-separated)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show the N longest')
            [CompletionResult]::new('--age', '--age', [CompletionResultType]::ParameterName, 'Which age orders the longest')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Only backends in this state (active, idle, "idle in transaction", …)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Only this database')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Only this role')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'Only this application_name')
            [CompletionResult]::new('--min-duration', '--min-duration', [CompletionResultType]::ParameterName, 'Only backends whose current query (or state) is at least this old, e.g. 30s')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Only backends waiting on TYPE or TYPE:EVENT')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Redraw every SECS seconds until Ctrl-C')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--all-backends', '--all-backends', [CompletionResultType]::ParameterName, 'Include background workers and other non-client backends')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;locks' {
            [CompletionResult]::new('--min-wait', '--min-wait', [CompletionResultType]::ParameterName, 'Only waits at least this old, e.g. 5s')
            [CompletionResult]::new('--fail-if-blocked', '--fail-if-blocked', [CompletionResultType]::ParameterName, 'Exit 1 when any wait is older than this, e.g. 30s (a bare number is seconds)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;connections' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Rows per breakdown in the table (JSON has all)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;roles' {
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Show the N login roles with the largest fan-out')
            [CompletionResult]::new('--probe', '--probe', [CompletionResultType]::ParameterName, 'Measure the first privilege check of ROLE in a fresh backend')
            [CompletionResult]::new('--probe-budget', '--probe-budget', [CompletionResultType]::ParameterName, 'Refuse to probe when the estimated cost exceeds this, e.g. 5s')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Probe even when the estimate exceeds the budget')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;backends' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'pg_cancel_backend: stop the current query, keep the session')
            [CompletionResult]::new('terminate', 'terminate', [CompletionResultType]::ParameterValue, 'pg_terminate_backend: end the session')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'quell;backends;cancel' {
            [CompletionResult]::new('--pid', '--pid', [CompletionResultType]::ParameterName, 'These backend pids')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Only backends in this state (active, idle, "idle in transaction", …)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Only this database')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Only this role')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'Only this application_name')
            [CompletionResult]::new('--min-duration', '--min-duration', [CompletionResultType]::ParameterName, 'Only backends whose current query (or state) is at least this old, e.g. 30s')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Only sessions of this tenant org')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;backends;terminate' {
            [CompletionResult]::new('--pid', '--pid', [CompletionResultType]::ParameterName, 'These backend pids')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Only backends in this state (active, idle, "idle in transaction", …)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Only this database')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Only this role')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'Only this application_name')
            [CompletionResult]::new('--min-duration', '--min-duration', [CompletionResultType]::ParameterName, 'Only backends whose current query (or state) is at least this old, e.g. 30s')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Only sessions of this tenant org')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;backends;help' {
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'pg_cancel_backend: stop the current query, keep the session')
            [CompletionResult]::new('terminate', 'terminate', [CompletionResultType]::ParameterValue, 'pg_terminate_backend: end the session')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'quell;backends;help;cancel' {
            break
        }
        'quell;backends;help;terminate' {
            break
        }
        'quell;backends;help;help' {
            break
        }
        'quell;init' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;tenants' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Orgs with live session counts')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Suspended orgs: since, by whom, why, mechanisms')
            [CompletionResult]::new('suspend', 'suspend', [CompletionResultType]::ParameterValue, 'Suspend orgs (applies the configured mechanisms in order)')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume orgs, restoring exactly what quell changed')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'quell;tenants;list' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;tenants;status' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;tenants;suspend' {
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'The N orgs ranked by --by')
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Ranking for --top')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read org ids from a file, one per line')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (recorded in the ledger)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;tenants;resume' {
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Resume N orgs at a time')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Wait this long between batches, e.g. 30s')
            [CompletionResult]::new('--max-utilization', '--max-utilization', [CompletionResultType]::ParameterName, 'Stop when connection utilization exceeds this fraction')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every org quell suspended')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;tenants;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Orgs with live session counts')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Suspended orgs: since, by whom, why, mechanisms')
            [CompletionResult]::new('suspend', 'suspend', [CompletionResultType]::ParameterValue, 'Suspend orgs (applies the configured mechanisms in order)')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume orgs, restoring exactly what quell changed')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'quell;tenants;help;list' {
            break
        }
        'quell;tenants;help;status' {
            break
        }
        'quell;tenants;help;suspend' {
            break
        }
        'quell;tenants;help;resume' {
            break
        }
        'quell;tenants;help;help' {
            break
        }
        'quell;jobs' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Jobs with schedule, active, essential, paused by quell')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause jobs')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume jobs')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'quell;jobs;list' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;jobs;pause' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--non-essential', '--non-essential', [CompletionResultType]::ParameterName, 'Every active job not marked essential')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Pause an essential job named explicitly without asking')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;jobs;resume' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--paused', '--paused', [CompletionResultType]::ParameterName, 'Exactly the jobs quell paused')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;jobs;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Jobs with schedule, active, essential, paused by quell')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause jobs')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume jobs')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'quell;jobs;help;list' {
            break
        }
        'quell;jobs;help;pause' {
            break
        }
        'quell;jobs;help;resume' {
            break
        }
        'quell;jobs;help;help' {
            break
        }
        'quell;notice' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('post', 'post', [CompletionResultType]::ParameterValue, 'Open an incident')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Add an update to an open incident')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Resolve an open incident')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Open incidents quell opened')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'quell;notice;post' {
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'Incident title')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Incident status (investigating, identified, monitoring, resolved)')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'Update text')
            [CompletionResult]::new('--body-file', '--body-file', [CompletionResultType]::ParameterName, 'Read the body from a file')
            [CompletionResult]::new('--component', '--component', [CompletionResultType]::ParameterName, 'Component status, COMPONENT=STATUS (repeatable)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Which configured provider')
            [CompletionResult]::new('--impact', '--impact', [CompletionResultType]::ParameterName, 'Impact shown on the page (none, minor, major, critical; default: computed by the provider)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Idempotency key stored in the incident (default: derived from the title)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Do not notify subscribers')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;notice;update' {
            [CompletionResult]::new('--incident', '--incident', [CompletionResultType]::ParameterName, 'Incident id (default: the single open incident quell opened)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Incident status')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'Update text')
            [CompletionResult]::new('--body-file', '--body-file', [CompletionResultType]::ParameterName, 'Read the body from a file')
            [CompletionResult]::new('--component', '--component', [CompletionResultType]::ParameterName, 'Component status, COMPONENT=STATUS (repeatable)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Which configured provider')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Do not notify subscribers')
            [CompletionResult]::new('--reopen', '--reopen', [CompletionResultType]::ParameterName, 'Update an incident that is already resolved (reopening it)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;notice;resolve' {
            [CompletionResult]::new('--incident', '--incident', [CompletionResultType]::ParameterName, 'Incident id (default: the single open incident quell opened)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Incident status')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'Update text')
            [CompletionResult]::new('--body-file', '--body-file', [CompletionResultType]::ParameterName, 'Read the body from a file')
            [CompletionResult]::new('--component', '--component', [CompletionResultType]::ParameterName, 'Component status, COMPONENT=STATUS (repeatable)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Which configured provider')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Do not notify subscribers')
            [CompletionResult]::new('--reopen', '--reopen', [CompletionResultType]::ParameterName, 'Update an incident that is already resolved (reopening it)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;notice;list' {
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Which configured provider')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;notice;help' {
            [CompletionResult]::new('post', 'post', [CompletionResultType]::ParameterValue, 'Open an incident')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Add an update to an open incident')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Resolve an open incident')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Open incidents quell opened')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'quell;notice;help;post' {
            break
        }
        'quell;notice;help;update' {
            break
        }
        'quell;notice;help;resolve' {
            break
        }
        'quell;notice;help;list' {
            break
        }
        'quell;notice;help;help' {
            break
        }
        'quell;playbook' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Shipped and configured playbooks')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a playbook')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check playbook files: every problem, each as FILE:LINE:COL')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a playbook')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Continue a run after its last finished step')
            [CompletionResult]::new('runs', 'runs', [CompletionResultType]::ParameterValue, 'Recent runs from the local run journal, newest first')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the playbook JSON Schema')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'quell;playbook;list' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;playbook;show' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;playbook;validate' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;playbook;run' {
            [CompletionResult]::new('--input', '--input', [CompletionResultType]::ParameterName, 'Input values, NAME=VALUE (repeatable)')
            [CompletionResult]::new('--approve', '--approve', [CompletionResultType]::ParameterName, 'Approve a dangerous gate (repeatable)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;playbook;resume' {
            [CompletionResult]::new('--approve', '--approve', [CompletionResultType]::ParameterName, 'Approve a dangerous gate (repeatable)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;playbook;runs' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show at most this many')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;playbook;schema' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;playbook;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Shipped and configured playbooks')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a playbook')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check playbook files: every problem, each as FILE:LINE:COL')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a playbook')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Continue a run after its last finished step')
            [CompletionResult]::new('runs', 'runs', [CompletionResultType]::ParameterValue, 'Recent runs from the local run journal, newest first')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the playbook JSON Schema')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'quell;playbook;help;list' {
            break
        }
        'quell;playbook;help;show' {
            break
        }
        'quell;playbook;help;validate' {
            break
        }
        'quell;playbook;help;run' {
            break
        }
        'quell;playbook;help;resume' {
            break
        }
        'quell;playbook;help;runs' {
            break
        }
        'quell;playbook;help;schema' {
            break
        }
        'quell;playbook;help;help' {
            break
        }
        'quell;sandbox' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Start the sandbox cluster, seeded with the incident (target name `sandbox`)')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Stop the sandbox cluster and remove its directory (only a sandbox''s)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Is the sandbox running, and where (exit 1 when it is not)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'quell;sandbox;up' {
            [CompletionResult]::new('--max-connections', '--max-connections', [CompletionResultType]::ParameterName, 'max_connections of the sandbox cluster')
            [CompletionResult]::new('--orgs', '--orgs', [CompletionResultType]::ParameterName, 'Tenant orgs to seed (sandbox up: 0 for a bare cluster, nothing seeded)')
            [CompletionResult]::new('--users-per-org', '--users-per-org', [CompletionResultType]::ParameterName, 'Postgres roles per org (one per user), all granted to the app login role')
            [CompletionResult]::new('--split', '--split', [CompletionResultType]::ParameterName, 'Spread the user roles over K app login roles (app_1..app_K): the permanent fix')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The sandbox directory (default: $QUELL_SANDBOX_DIR, else /tmp/quell-sandbox-<uid>)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;sandbox;down' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The sandbox directory (default: $QUELL_SANDBOX_DIR, else /tmp/quell-sandbox-<uid>)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;sandbox;status' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The sandbox directory (default: $QUELL_SANDBOX_DIR, else /tmp/quell-sandbox-<uid>)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;sandbox;help' {
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Start the sandbox cluster, seeded with the incident (target name `sandbox`)')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Stop the sandbox cluster and remove its directory (only a sandbox''s)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Is the sandbox running, and where (exit 1 when it is not)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'quell;sandbox;help;up' {
            break
        }
        'quell;sandbox;help;down' {
            break
        }
        'quell;sandbox;help;status' {
            break
        }
        'quell;sandbox;help;help' {
            break
        }
        'quell;rehearse' {
            [CompletionResult]::new('--orgs', '--orgs', [CompletionResultType]::ParameterName, 'Tenant orgs to seed (sandbox up: 0 for a bare cluster, nothing seeded)')
            [CompletionResult]::new('--users-per-org', '--users-per-org', [CompletionResultType]::ParameterName, 'Postgres roles per org (one per user), all granted to the app login role')
            [CompletionResult]::new('--split', '--split', [CompletionResultType]::ParameterName, 'Spread the user roles over K app login roles (app_1..app_K): the permanent fix')
            [CompletionResult]::new('--max-connections', '--max-connections', [CompletionResultType]::ParameterName, 'max_connections of the rehearsal cluster (small, so a 2-core machine saturates)')
            [CompletionResult]::new('--bug', '--bug', [CompletionResultType]::ParameterName, 'How long the internal orgs'' upgrade bug opens connections, e.g. 20s')
            [CompletionResult]::new('--svg', '--svg', [CompletionResultType]::ParameterName, 'Also draw the timeline as an SVG chart')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Keep the sandbox afterwards (its path is printed)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;log' {
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Only actions on this org')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only actions of this kind')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only actions newer than this, e.g. 2h')
            [CompletionResult]::new('--run-id', '--run-id', [CompletionResultType]::ParameterName, 'Only actions of this run')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many rows, newest first')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;config' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate the config, show resolved targets (passwords redacted), test each connection')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'quell;config;check' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;config;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate the config, show resolved targets (passwords redacted), test each connection')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'quell;config;help;check' {
            break
        }
        'quell;config;help;help' {
            break
        }
        'quell;completions' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;man' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write every page (quell.1, quell-doctor.1, quell-tenants-suspend.1, …) into DIR')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $QUELL_CONFIG, ./quell.yaml, $XDG_CONFIG_HOME/quell/config.yaml]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target or group from the config (repeatable; `all` for every target)')
            [CompletionResult]::new('--dsn', '--dsn', [CompletionResultType]::ParameterName, 'Ad-hoc target: a postgres:// URL or a key=value conninfo (libpq rules)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Most connections open at once across targets')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Disable colors (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v, -vv)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve confirmations (required off a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (SQL, HTTP) and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'quell;help' {
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Run every check and name the problem and the playbook for it')
            [CompletionResult]::new('activity', 'activity', [CompletionResultType]::ParameterValue, 'What pg_stat_activity shows, grouped, longest first')
            [CompletionResult]::new('locks', 'locks', [CompletionResultType]::ParameterValue, 'Blocking trees of lock waits')
            [CompletionResult]::new('connections', 'connections', [CompletionResultType]::ParameterValue, 'Connection slot budget: used, reserved, available, who holds them')
            [CompletionResult]::new('roles', 'roles', [CompletionResultType]::ParameterValue, 'Role census and transitive membership fan-out per login role')
            [CompletionResult]::new('backends', 'backends', [CompletionResultType]::ParameterValue, 'Cancel or terminate backends')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create or upgrade the quell control schema in the target')
            [CompletionResult]::new('tenants', 'tenants', [CompletionResultType]::ParameterValue, 'Suspend and resume tenant orgs')
            [CompletionResult]::new('jobs', 'jobs', [CompletionResultType]::ParameterValue, 'Pause and resume periodic jobs')
            [CompletionResult]::new('notice', 'notice', [CompletionResultType]::ParameterValue, 'Post, update and resolve status-page notices')
            [CompletionResult]::new('playbook', 'playbook', [CompletionResultType]::ParameterValue, 'List, validate and run YAML playbooks')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'A private PostgreSQL cluster for trying quell')
            [CompletionResult]::new('rehearse', 'rehearse', [CompletionResultType]::ParameterValue, 'Reproduce the incident in a sandbox, run a playbook, report recovery')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'The action journal: who changed what, when, in which run')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Check the config file and test each target''s connection')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a man page (roff), or write one per command with --dir')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'quell;help;doctor' {
            break
        }
        'quell;help;activity' {
            break
        }
        'quell;help;locks' {
            break
        }
        'quell;help;connections' {
            break
        }
        'quell;help;roles' {
            break
        }
        'quell;help;backends' {
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'pg_cancel_backend: stop the current query, keep the session')
            [CompletionResult]::new('terminate', 'terminate', [CompletionResultType]::ParameterValue, 'pg_terminate_backend: end the session')
            break
        }
        'quell;help;backends;cancel' {
            break
        }
        'quell;help;backends;terminate' {
            break
        }
        'quell;help;init' {
            break
        }
        'quell;help;tenants' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Orgs with live session counts')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Suspended orgs: since, by whom, why, mechanisms')
            [CompletionResult]::new('suspend', 'suspend', [CompletionResultType]::ParameterValue, 'Suspend orgs (applies the configured mechanisms in order)')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume orgs, restoring exactly what quell changed')
            break
        }
        'quell;help;tenants;list' {
            break
        }
        'quell;help;tenants;status' {
            break
        }
        'quell;help;tenants;suspend' {
            break
        }
        'quell;help;tenants;resume' {
            break
        }
        'quell;help;jobs' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Jobs with schedule, active, essential, paused by quell')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause jobs')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume jobs')
            break
        }
        'quell;help;jobs;list' {
            break
        }
        'quell;help;jobs;pause' {
            break
        }
        'quell;help;jobs;resume' {
            break
        }
        'quell;help;notice' {
            [CompletionResult]::new('post', 'post', [CompletionResultType]::ParameterValue, 'Open an incident')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Add an update to an open incident')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Resolve an open incident')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Open incidents quell opened')
            break
        }
        'quell;help;notice;post' {
            break
        }
        'quell;help;notice;update' {
            break
        }
        'quell;help;notice;resolve' {
            break
        }
        'quell;help;notice;list' {
            break
        }
        'quell;help;playbook' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Shipped and configured playbooks')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a playbook')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check playbook files: every problem, each as FILE:LINE:COL')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a playbook')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Continue a run after its last finished step')
            [CompletionResult]::new('runs', 'runs', [CompletionResultType]::ParameterValue, 'Recent runs from the local run journal, newest first')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the playbook JSON Schema')
            break
        }
        'quell;help;playbook;list' {
            break
        }
        'quell;help;playbook;show' {
            break
        }
        'quell;help;playbook;validate' {
            break
        }
        'quell;help;playbook;run' {
            break
        }
        'quell;help;playbook;resume' {
            break
        }
        'quell;help;playbook;runs' {
            break
        }
        'quell;help;playbook;schema' {
            break
        }
        'quell;help;sandbox' {
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Start the sandbox cluster, seeded with the incident (target name `sandbox`)')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Stop the sandbox cluster and remove its directory (only a sandbox''s)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Is the sandbox running, and where (exit 1 when it is not)')
            break
        }
        'quell;help;sandbox;up' {
            break
        }
        'quell;help;sandbox;down' {
            break
        }
        'quell;help;sandbox;status' {
            break
        }
        'quell;help;rehearse' {
            break
        }
        'quell;help;log' {
            break
        }
        'quell;help;config' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate the config, show resolved targets (passwords redacted), test each connection')
            break
        }
        'quell;help;config;check' {
            break
        }
        'quell;help;completions' {
            break
        }
        'quell;help;man' {
            break
        }
        'quell;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
