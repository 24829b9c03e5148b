#!/bin/sh
# Validates the SARIF that deploylint writes for every golden fixture
# repository (fixtures/**/<case>.d and fixtures/demo) with Microsoft's SARIF
# Multitool, running its SARIF and GitHub (Gh) rules; any error or warning
# fails. Each file is also checked against the SARIF 2.1.0 JSON schema with
# ajv, because the Multitool silently skips a file whose enums it cannot
# read. Usage: sh sarif_validate.sh BINARY SOURCE_DIR
#
# The tools are installed once with
#   npm install --prefix SOURCE_DIR/tools/node @microsoft/sarif-multitool@5.7.0 ajv@8.20.0 ajv-formats@3.0.1
# (the Multitool is a self-contained .NET program inside the npm package).
set -u
bin=$1
src=$(cd "$2" && pwd)
case $bin in
/*) ;;
*) bin=$(pwd)/$bin ;;
esac

fail() {
	echo "sarif_validate: $*" >&2
	exit 1
}

command -v node >/dev/null 2>&1 || fail "node is required to read the validator's report"
[ -x "$bin" ] || fail "no deploylint binary at $bin"

# The npm wrapper runs the tool through a shell, which would split
# "Sarif;Gh" at the ';': call the platform binary it points at instead.
modules="$src/tools/node/node_modules"
install="npm install --prefix $src/tools/node @microsoft/sarif-multitool@5.7.0 ajv@8.20.0 ajv-formats@3.0.1"
multitool=$(node -p "require('$modules/@microsoft/sarif-multitool')" 2>/dev/null) ||
	multitool=""
if [ -z "$multitool" ] || [ ! -f "$multitool" ]; then
	fail "SARIF Multitool not found under $src/tools/node; install it with:
  $install"
fi
schema=$(dirname "$multitool")/sarif-2.1.0.json
[ -f "$schema" ] || fail "no SARIF schema at $schema"
if [ ! -f "$modules/ajv/dist/2020.js" ] || [ ! -d "$modules/ajv-formats" ]; then
	fail "ajv not found under $src/tools/node; install it with:
  $install"
fi
[ -x "$multitool" ] || chmod u+x "$multitool" 2>/dev/null ||
	fail "$multitool is not executable"
# The tool needs no ICU this way.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dlsarif.XXXXXX")
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
export HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1 LC_ALL=C TZ=UTC
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
unset GITHUB_ACTIONS
mkdir -p "$HOME" "$tmp/sarif"

# Case directories, as tests/golden/run_case.sh lays them out, and the demo.
find "$src/fixtures" -type d -name '*.d' 2>/dev/null | LC_ALL=C sort >"$tmp/cases"
[ -d "$src/fixtures/demo" ] && echo "$src/fixtures/demo" >>"$tmp/cases"
[ -s "$tmp/cases" ] || fail "no fixture repositories under $src/fixtures"

n=0
while IFS= read -r case_dir; do
	# cases that expect a usage error (a bad configuration file) write no SARIF
	if [ "$(cat "$case_dir/exit-expected" 2>/dev/null)" = 2 ]; then
		continue
	fi
	n=$((n + 1))
	rel=${case_dir#"$src/fixtures/"}
	name=$(printf '%s' "$rel" | tr -c 'A-Za-z0-9._-' '_')
	repo="$tmp/repo$n"
	mkdir "$repo"
	if [ -f "$case_dir/repo-from" ]; then
		from="$case_dir/$(cat "$case_dir/repo-from")"
	elif [ -d "$case_dir/repo" ]; then
		from="$case_dir/repo"
	elif [ "$case_dir" = "$src/fixtures/demo" ]; then
		from="$case_dir"
	else
		from=""
	fi
	if [ -n "$from" ] && [ -d "$from" ]; then
		cp -R "$from/." "$repo/" || fail "$rel: cannot copy $from"
	fi
	if [ -f "$case_dir/setup.sh" ]; then
		(cd "$repo" && sh "$case_dir/setup.sh") >"$tmp/setup.log" 2>&1 || {
			cat "$tmp/setup.log" >&2
			fail "$rel: setup.sh failed"
		}
	fi
	out="$tmp/sarif/$n-$name.sarif"
	(cd "$repo" && "$bin" --format sarif .) >"$out" 2>"$tmp/stderr"
	rc=$?
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
		cat "$tmp/stderr" >&2
		fail "$rel: deploylint --format sarif exited $rc"
	fi
	[ -s "$out" ] || fail "$rel: deploylint wrote no SARIF"
	# No absolute paths in the output.
	if grep -F -q -e "$repo" -e "$src" "$out"; then
		fail "$rel: the SARIF contains an absolute path"
	fi
done <"$tmp/cases"

report="$tmp/validation.sarif"
"$multitool" validate --rule-kind "Sarif;Gh" --output "$report" \
	"$tmp"/sarif/*.sarif >"$tmp/validator.log" 2>&1
rc=$?
if [ "$rc" -ne 0 ] || [ ! -s "$report" ]; then
	cat "$tmp/validator.log" >&2
	fail "the SARIF Multitool failed (exit $rc)"
fi

# Every result at level error or warning fails (a result without a level is
# a warning, SARIF 3.27.10), and so does any error or warning notification
# or an unsuccessful run of the validator itself.
node - "$report" "$tmp/sarif/" "$modules" "$schema" "$tmp"/sarif/*.sarif <<'EOF'
const fs = require('fs');
const [report, prefix, modules, schemaPath, ...files] = process.argv.slice(2);
const log = JSON.parse(fs.readFileSync(report, 'utf8'));
const bad = [];

const Ajv = require(modules + '/ajv/dist/2020').default;
const addFormats = require(modules + '/ajv-formats');
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
for (const f of files) {
	let doc;
	try {
		doc = JSON.parse(fs.readFileSync(f, 'utf8'));
	} catch (e) {
		bad.push(`${f.slice(prefix.length)}: error: not JSON: ${e.message}`);
		continue;
	}
	if (!validate(doc))
		for (const e of validate.errors)
			bad.push(`${f.slice(prefix.length)}: error schema: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}

function format(rule, msg) {
	let text = msg.text;
	if (text === undefined && rule && rule.messageStrings && msg.id &&
	    rule.messageStrings[msg.id])
		text = rule.messageStrings[msg.id].text;
	if (text === undefined)
		text = msg.id || '';
	return text.replace(/\{(\d+)\}/g, (m, i) =>
		(msg.arguments && msg.arguments[i] !== undefined) ? msg.arguments[i] : m);
}

for (const run of log.runs || []) {
	const rules = (run.tool && run.tool.driver && run.tool.driver.rules) || [];
	for (const r of run.results || []) {
		const level = r.level || (r.kind && r.kind !== 'fail' ? 'none' : 'warning');
		if (level !== 'error' && level !== 'warning')
			continue;
		const rule = rules.find((x) => x.id === r.ruleId);
		let where = '';
		const pl = r.locations && r.locations[0] && r.locations[0].physicalLocation;
		if (pl && pl.artifactLocation && pl.artifactLocation.uri) {
			where = decodeURIComponent(pl.artifactLocation.uri.replace(/^file:\/\//, ''));
			const i = where.indexOf(prefix);
			if (i >= 0)
				where = where.slice(i + prefix.length);
			if (pl.region && pl.region.startLine)
				where += ':' + pl.region.startLine;
		}
		bad.push(`${where}: ${level} ${r.ruleId}${rule && rule.name ? ' ' + rule.name : ''}: ${format(rule, r.message || {})}`);
	}
	for (const inv of run.invocations || []) {
		if (inv.executionSuccessful === false)
			bad.push('validator: execution was not successful');
		for (const key of ['toolExecutionNotifications', 'toolConfigurationNotifications'])
			for (const n of inv[key] || []) {
				const level = n.level || 'warning';
				if (level === 'error' || level === 'warning')
					bad.push(`validator ${key}: ${level}: ${format(null, n.message || {})}`);
			}
	}
}
for (const b of bad)
	console.log(b);
process.exit(bad.length ? 1 : 0);
EOF
status=$?
if [ "$status" -ne 0 ]; then
	fail "the SARIF of the fixtures above did not validate"
fi
echo "sarif_validate: SARIF of $n fixture repositories valid (schema; Multitool rule kinds Sarif;Gh)"
exit 0
