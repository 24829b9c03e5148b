#!/bin/sh
# The GitHub Action's lint step (action.yml): runs deploylint on INPUT_PATH,
# prints annotations, writes SARIF, appends a job summary. Usable by hand.
#
# Environment (action.yml sets the INPUT_* from the action's inputs):
#   INPUT_PATH        folder to lint, relative to GITHUB_WORKSPACE (default .)
#   INPUT_FAIL_ON     error (default), warning, note or never
#   INPUT_CONFIG      a .deploylint.yaml, passed as --config (empty: none)
#   INPUT_SARIF_FILE  SARIF output, relative to GITHUB_WORKSPACE (empty: none)
#   DEPLOYLINT        the binary (default: deploylint on PATH)
#   GITHUB_WORKSPACE, RUNNER_TEMP, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT as
#   GitHub sets them; each is optional.
# Exits with deploylint's exit code (0 clean, 1 findings at or above
# INPUT_FAIL_ON, 2 usage error, 3 internal error).
set -u
bin=${DEPLOYLINT:-deploylint}
here=$(cd "$(dirname "$0")" && pwd)
path=${INPUT_PATH:-.}
fail_on=${INPUT_FAIL_ON:-error}
config=${INPUT_CONFIG:-}
sarif=${INPUT_SARIF_FILE:-}
py=${PYTHON:-python3}

if [ -n "${GITHUB_WORKSPACE:-}" ]; then
	cd "$GITHUB_WORKSPACE" || exit 3
fi
tmp=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/deploylint.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT

# deploylint prints paths relative to the folder it lints; annotations and
# SARIF need them relative to the repository.
prefix=$(cd "$path" 2>/dev/null && pwd -P) || prefix=
top=$(pwd -P)
case $prefix in
"$top") prefix= ;;
"$top"/*) prefix=${prefix#"$top"/} ;;
*) prefix= ;; # outside the workspace (or missing: deploylint says so)
esac

set -- --fail-on "$fail_on"
if [ -n "$config" ]; then
	set -- "$@" --config "$config"
fi

# 1. annotations (and SARIF in the same run when the binary has --sarif)
one_run=
if [ -n "$sarif" ] && "$bin" --help 2>/dev/null | grep -q -- "--sarif"; then
	one_run=1
	"$bin" "$@" --format github --sarif "$tmp/report.sarif" "$path" >"$tmp/annotations"
else
	"$bin" "$@" --format github "$path" >"$tmp/annotations"
fi
code=$?
if [ -n "$prefix" ]; then
	"$py" "$here/action-report.py" prefix-github "$prefix" <"$tmp/annotations"
else
	cat "$tmp/annotations"
fi
if [ "$code" -gt 1 ]; then
	echo "::error title=deploylint::deploylint exited with $code (see the log above)"
	exit "$code"
fi

# 2. SARIF for github/codeql-action/upload-sarif (written outside the
# checkout first, so that no run lints it)
if [ -n "$sarif" ]; then
	if [ -z "$one_run" ]; then
		"$bin" "$@" --fail-on never --format sarif --output "$tmp/report.sarif" \
			"$path" || exit 3
	fi
	if [ -n "$prefix" ]; then
		"$py" "$here/action-report.py" prefix-sarif "$prefix" "$tmp/report.sarif" ||
			exit 3
	fi
fi

# 3. the job summary
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
	"$bin" "$@" --fail-on never --format json "$path" >"$tmp/report.json" &&
		"$bin" --list-rules --format json >"$tmp/rules.json" &&
		"$py" "$here/action-report.py" summary "$tmp/report.json" \
			"$tmp/rules.json" "$path" "$fail_on" "$code" \
			>>"$GITHUB_STEP_SUMMARY" ||
		echo "::warning title=deploylint::the job summary could not be written"
fi

if [ -n "$sarif" ]; then
	mkdir -p "$(dirname "$sarif")" && cp "$tmp/report.sarif" "$sarif" || exit 3
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
	{
		echo "exit-code=$code"
		echo "sarif-file=$sarif"
	} >>"$GITHUB_OUTPUT"
fi
exit "$code"
