#!/bin/sh
# The GitHub Action (action.yml): runs its lint step as GitHub would, with
# the step's env block evaluated from action.yml (inputs, runner.temp) and
# the variables GitHub sets, against fixtures/demo; checks the annotations,
# the job summary, the step outputs and the SARIF file.
# Usage: sh action.sh BINARY SOURCE_DIR
# DL_UPDATE_GOLDEN=1 rewrites tests/scripts/action-expected/ (then read it).
set -u
bin=$1
src=$(cd "$2" && pwd)
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
exp="$src/tests/scripts/action-expected"
pass=0
failed=0
ok() { pass=$((pass + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
check() { # check NAME WANT GOT
	if [ "$2" = "$3" ]; then ok; else bad "$1: want [$2], got [$3]"; fi
}
golden() { # golden NAME FILE: compares FILE with action-expected/NAME
	if [ "${DL_UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$2" "$exp/$1"
	elif cmp -s "$exp/$1" "$2"; then
		ok
	else
		bad "$1 differs from $exp/$1"
		diff -u "$exp/$1" "$2" | head -40
	fi
}

# action.yml is read with PyYAML (python3-yaml comes with pre-commit)
py=
for p in python3 /usr/bin/python3; do
	if "$p" -c "import yaml" >/dev/null 2>&1; then
		py=$p
		break
	fi
done
if [ -z "$py" ]; then
	echo "FAIL: no python3 with the yaml module (sh tools/install-deps.sh)"
	echo "action: 0 passed, 1 failed"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dlaction.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
unset NO_COLOR CI GITHUB_ACTIONS GITHUB_STEP_SUMMARY GITHUB_OUTPUT

# The static shape of action.yml: a composite action whose steps install
# the packages with apt-get, build with cmake, and run the lint step with
# every input passed as INPUT_<NAME>.
"$py" - "$src/action.yml" >"$tmp/shape" 2>&1 <<'EOF'
import sys, yaml
a = yaml.safe_load(open(sys.argv[1]))
steps = a["runs"]["steps"]
print("using", a["runs"]["using"])
print("inputs", " ".join(sorted(a["inputs"])))
lint = [s for s in steps if s.get("id") == "lint"]
print("lint steps", len(lint))
env = lint[0].get("env", {})
for name in sorted(a["inputs"]):
    key = "INPUT_" + name.upper().replace("-", "_")
    print("input", name, env.get(key) == "${{ inputs.%s }}" % name)
print("apt-get", any("apt-get install" in s.get("run", "") for s in steps))
print("cmake", any("cmake --build" in s.get("run", "") for s in steps))
print("shells", all(s.get("shell") for s in steps))
for o, v in sorted(a["outputs"].items()):
    print("output", o, v["value"] == "${{ steps.lint.outputs.%s }}" % o)
EOF
check "action.yml shape" "using composite
inputs config fail-on path sarif-file
lint steps 1
input config True
input fail-on True
input path True
input sarif-file True
apt-get True
cmake True
shells True
output exit-code True
output sarif-file True" "$(cat "$tmp/shape")"

# run_step NAME [INPUT=VALUE...]: runs the lint step of action.yml the way
# the runner does (bash, the step's env with ${{ }} expressions evaluated,
# GITHUB_* variables), in $tmp/NAME/; stdout in $tmp/NAME/stdout.
run_step() {
	name=$1
	shift
	d="$tmp/$name"
	mkdir -p "$d/runner/deploylint-build"
	ln -s "$bin" "$d/runner/deploylint-build/deploylint"
	: >"$d/summary.md"
	: >"$d/output"
	(cd "$d/workspace" &&
	 env GITHUB_ACTIONS=true CI=true GITHUB_WORKSPACE="$d/workspace" \
	     RUNNER_TEMP="$d/runner" GITHUB_ACTION_PATH="$src" \
	     GITHUB_STEP_SUMMARY="$d/summary.md" GITHUB_OUTPUT="$d/output" \
	     GITHUB_SERVER_URL=https://github.com GITHUB_REPOSITORY=acme/shop \
	     GITHUB_SHA=0123456789abcdef0123456789abcdef01234567 \
	     "$py" - "$src/action.yml" "$@" <<'EOF'
import os, re, subprocess, sys, yaml
a = yaml.safe_load(open(sys.argv[1]))
inputs = {k: str(v.get("default", "")) for k, v in a["inputs"].items()}
for arg in sys.argv[2:]:
    k, v = arg.split("=", 1)
    assert k in inputs, k
    inputs[k] = v
step = [s for s in a["runs"]["steps"] if s.get("id") == "lint"][0]
ctx = {"runner.temp": os.environ["RUNNER_TEMP"]}
ctx.update({"inputs." + k: v for k, v in inputs.items()})
def expand(s):
    return re.sub(r"\$\{\{\s*([\w.-]+)\s*\}\}", lambda m: ctx[m.group(1)], str(s))
env = dict(os.environ)
env.update({k: expand(v) for k, v in step.get("env", {}).items()})
assert step["shell"] == "bash"
sys.exit(subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", expand(step["run"])], env=env).returncode)
EOF
	) >"$d/stdout" 2>"$d/stderr"
	echo $? >"$d/code"
}

# 1. fixtures/demo with the default inputs: exit 1, annotations, summary,
# outputs, SARIF
mkdir -p "$tmp/demo"
cp -R "$src/fixtures/demo" "$tmp/demo/workspace"
run_step demo
d="$tmp/demo"
check "demo exit" 1 "$(cat "$d/code")"
check "demo stderr" "" "$(cat "$d/stderr")"
golden demo.annotations "$d/stdout"
golden demo.summary.md "$d/summary.md"
check "demo outputs" "exit-code=1
sarif-file=deploylint.sarif" "$(cat "$d/output")"
# the SARIF holds the same findings (a result per annotation, same places)
"$py" - "$d/workspace/deploylint.sarif" >"$d/sarif-places" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["version"] == "2.1.0"
for r in s["runs"][0]["results"]:
    loc = r["locations"][0]["physicalLocation"]
    print(r["ruleId"], loc["artifactLocation"]["uri"], loc["region"]["startLine"])
EOF
sed -n 's/^::[a-z]* file=\([^,]*\),line=\([0-9]*\),.*title=deploylint \([A-Z0-9]*\)::.*/\3 \1 \2/p' \
	"$d/stdout" >"$d/annotation-places"
if cmp -s "$d/sarif-places" "$d/annotation-places" && [ -s "$d/sarif-places" ]; then
	ok
else
	bad "SARIF results differ from the annotations"
	diff "$d/annotation-places" "$d/sarif-places"
fi
# the annotations are the binary's github format, unchanged
(cd "$d/workspace" && mv deploylint.sarif .. && "$bin" --format github .) >"$d/direct"
if cmp -s "$d/direct" "$d/stdout"; then ok; else bad "annotations differ from --format github"; fi
# the summary's counts are the JSON report's
want=$(cd "$d/workspace" && "$bin" --format json . | "$py" -c '
import json, sys
s = json.load(sys.stdin)["summary"]
print("| error | %d |\n| warning | %d |\n| note | %d |" % (s["errors"], s["warnings"], s["notes"]))')
got=$(grep -E '^\| (error|warning|note) \| [0-9]+ \|$' "$d/summary.md")
check "summary counts" "$want" "$got"

# 2. a sub-folder: paths in annotations and SARIF stay relative to the
# repository, so they are those of run 1; fail-on never passes
mkdir -p "$tmp/sub"
cp -R "$src/fixtures/demo" "$tmp/sub/workspace"
run_step sub path=PP_MVP/backend fail-on=never sarif-file=reports/sub.sarif
d="$tmp/sub"
check "sub exit" 0 "$(cat "$d/code")"
sed -n 's/^::[a-z]* file=\([^,]*\),line=\([0-9]*\),.*title=deploylint \([A-Z0-9]*\)::.*/\3 \1 \2/p' \
	"$d/stdout" >"$d/annotation-places"
if cmp -s "$tmp/demo/annotation-places" "$d/annotation-places"; then ok; else
	bad "sub-folder annotations are not at the whole repository's places"
	diff "$tmp/demo/annotation-places" "$d/annotation-places" | head -20
fi
"$py" - "$d/workspace/reports/sub.sarif" >"$d/sarif-places" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
for r in s["runs"][0]["results"]:
    loc = r["locations"][0]["physicalLocation"]
    print(r["ruleId"], loc["artifactLocation"]["uri"], loc["region"]["startLine"])
EOF
if cmp -s "$tmp/demo/sarif-places" "$d/sarif-places"; then ok; else
	bad "sub-folder SARIF locations differ"
	diff "$tmp/demo/sarif-places" "$d/sarif-places" | head -20
fi
want=$(cd "$d/workspace" && "$bin" --format json PP_MVP/backend | "$py" -c '
import json, sys
s = json.load(sys.stdin)["summary"]
p = lambda n, w: "%d %s%s" % (n, w, "" if n == 1 else "s")
print("%s, %s, %s in `PP_MVP/backend`: passed (fails on never)." % (
    p(s["errors"], "error"), p(s["warnings"], "warning"), p(s["notes"], "note")))')
check "sub summary line" "$want" "$(sed -n 3p "$d/summary.md")"
check "sub outputs" "exit-code=0
sarif-file=reports/sub.sarif" "$(cat "$d/output")"

# 3. a clean repository: exit 0, no annotation, a one-line summary; no
# SARIF asked for, none written
mkdir -p "$tmp/clean/workspace/migrations/versions"
printf '[alembic]\nscript_location = migrations\nsqlalchemy.url =\n' \
	>"$tmp/clean/workspace/alembic.ini"
cat >"$tmp/clean/workspace/migrations/env.py" <<'EOF'
import os

from alembic import context

config = context.config
config.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"].replace("%", "%%"))
EOF
printf '"""create users"""\nrevision = "1a2b3c4d5e6f"\ndown_revision = None\n' \
	>"$tmp/clean/workspace/migrations/versions/1a2b3c4d5e6f_create_users.py"
run_step clean sarif-file=
d="$tmp/clean"
check "clean exit" 0 "$(cat "$d/code")"
check "clean annotations" "" "$(cat "$d/stdout")"
golden clean.summary.md "$d/summary.md"
check "clean no sarif" "" "$(cd "$d/workspace" && find . -name '*.sarif')"

# 4. a bad input: deploylint's exit 2 and an error annotation, no summary
mkdir -p "$tmp/badinput/workspace"
run_step badinput fail-on=sometimes
d="$tmp/badinput"
check "bad input exit" 2 "$(cat "$d/code")"
check "bad input annotation" "::error title=deploylint::deploylint exited with 2 (see the log above)" \
	"$(cat "$d/stdout")"
check "bad input summary" "" "$(cat "$d/summary.md")"

echo "action: $pass passed, $failed failed"
[ "$failed" = 0 ]
