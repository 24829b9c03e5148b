#!/bin/sh
# Hostile repositories, built at test time (they cannot be committed): huge,
# sparse, binary, malformed, deeply nested, self-referencing and oddly named
# inputs, special files and broken git repositories. deploylint must finish
# each within 60 s (timeout 60), exit 0 or 1, print valid output in every
# format (JSON and SARIF parse with python3 -m json.tool; every GitHub line
# is one workflow command; text ends with its summary line), raise no
# sanitizer report, and say what it skipped (--verbose) or report PARSE001
# where a limit of include/deploylint/limits.h is crossed.
#
# usage: sh hostile.sh BINARY SOURCE_DIR
# Prints one line per failed check and the seconds each case took, and ends
# with "hostile: N passed, N failed". DL_HOSTILE_ONLY=NAME runs one case;
# DL_HOSTILE_PART=K/N every N-th case from the K-th (ctest runs four parts);
# DL_HOSTILE_KEEP=1 keeps the repositories and outputs (their folder is
# printed).
set -u

if [ $# -ne 2 ]; then
	echo "usage: sh $0 BINARY SOURCE_DIR" >&2
	exit 2
fi
bin=$1
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
if [ ! -x "$bin" ]; then
	echo "hostile: $bin is not an executable"
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dlhostile.XXXXXX") || exit 2
if [ -n "${DL_HOSTILE_KEEP:-}" ]; then
	echo "hostile: keeping $tmp"
else
	trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
	# a killed run (ctest's timeout) still removes its repositories
	trap 'exit 1' HUP INT TERM
fi
unset GITHUB_ACTIONS NO_COLOR
export LC_ALL=C
pass=0
failed=0
case_bad=0

# Reports one failed check of the current case.
bad() {
	case_bad=1
	echo "FAIL: $*"
}

# Whether case $1 runs (all do unless DL_HOSTILE_ONLY names another); starts it.
# DL_HOSTILE_PART=K/N runs the K-th of every N cases (1 <= K <= N), in
# the order below: tests/CMakeLists.txt splits the run into N ctest entries
# that run side by side (the run is the sanitizer build's longest).
case_nr=0
wanted() {
	case_nr=$((case_nr + 1))
	[ -z "${DL_HOSTILE_ONLY:-}" ] || [ "$DL_HOSTILE_ONLY" = "$1" ] || return 1
	if [ -n "${DL_HOSTILE_PART:-}" ]; then
		[ $(((case_nr - 1) % ${DL_HOSTILE_PART#*/} + 1)) -eq "${DL_HOSTILE_PART%/*}" ] || return 1
	fi
	case_bad=0
	cur=$1
	case_start=$(date +%s)
	return 0
}

# Ends the current case: passed when none of its checks failed. Its
# repository is removed at once (some hold 100,000 files).
finish() {
	if [ "$case_bad" -eq 0 ]; then
		pass=$((pass + 1))
	else
		failed=$((failed + 1))
	fi
	echo "hostile: $cur: $(($(date +%s) - case_start)) s"
	if [ -z "${DL_HOSTILE_KEEP:-}" ]; then
		chmod -R u+rwx "$tmp/r-$cur" 2>/dev/null
		rm -rf "$tmp/r-$cur"
	fi
}

# The JSON (or SARIF) in file $1 parses.
valid_json() {
	python3 -m json.tool "$1" >/dev/null 2>&1
}

# Every line of file $1 is a workflow command "::error ...::message".
valid_github() {
	python3 - "$1" <<'EOF'
import re, sys
data = open(sys.argv[1], 'rb').read()
if data and not data.endswith(b'\n'):
    sys.exit("no final newline")
for line in data.split(b'\n')[:-1] if data else []:
    if b'\r' in line or not re.match(rb'::(error|warning|notice)( [^:]*)?::', line):
        sys.exit("bad line: %r" % line[:200])
    props = line.split(b'::')[1].partition(b' ')[2]
    for p in props.split(b',') if props else []:
        k = p.partition(b'=')[0]
        if k not in (b'file', b'line', b'col', b'endLine', b'endColumn', b'title'):
            sys.exit("forged property %r in %r" % (k, line[:200]))
EOF
}

# The text report in file $1 ends with the summary line.
valid_text() {
	tail -n 1 "$1" | grep -Eq '^(no problems found|[0-9]+ errors?, [0-9]+ warnings?, [0-9]+ notes? in [0-9]+ files?)$'
}

# run NAME DIR [FORMAT...]: lints DIR in each format (default: all four),
# checking exit status, time, output validity and sanitizer silence.
# Leaves the text run's stdout in $tmp/NAME.text and its --verbose stderr
# in $tmp/NAME.err for the case's own checks. Returns 1 on any failure.
run() {
	name=$1
	dir=$2
	shift 2
	[ $# -eq 0 ] && set -- text json sarif github
	ok=1
	for fmt in "$@"; do
		out=$tmp/$name.$fmt
		err=$tmp/$name.$fmt.err
		(cd "$dir" && timeout 60 "$bin" --verbose --format "$fmt" .) \
			>"$out" 2>"$err"
		rc=$?
		case $rc in
		0|1) ;;
		124) bad "$name ($fmt): did not finish within 60 s"; ok=0 ;;
		*) bad "$name ($fmt): exit $rc: $(head -c 300 "$err")"; ok=0 ;;
		esac
		if grep -Eq 'Sanitizer|runtime error|LeakSanitizer' "$err"; then
			bad "$name ($fmt): sanitizer report: $(grep -m1 -E 'Sanitizer|runtime error' "$err")"
			ok=0
		fi
		case $fmt in
		json|sarif)
			valid_json "$out" || { bad "$name ($fmt): invalid JSON"; ok=0; } ;;
		github)
			msg=$(valid_github "$out" 2>&1) || { bad "$name (github): $msg"; ok=0; } ;;
		text)
			valid_text "$out" || { bad "$name (text): no summary line: $(tail -n 1 "$out" | head -c 200)"; ok=0; }
			cp "$err" "$tmp/$name.err" ;;
		esac
	done
	[ "$ok" -eq 1 ]
}

# expect NAME FILE REGEX WHAT: FILE (of case NAME) matches the extended
# regular expression REGEX.
expect() {
	if grep -Eq -- "$3" "$2"; then
		return 0
	fi
	bad "$1: $4 (no line matching /$3/ in $(basename "$2"))"
	return 1
}

# mk_alembic DIR: a minimal Alembic project whose second revision names a
# parent that does not exist (ALM002), so that there is always something
# to report.
mk_alembic() {
	mkdir -p "$1/alembic/versions"
	cat >"$1/alembic.ini" <<'EOF'
[alembic]
script_location = alembic
sqlalchemy.url = driver://user:pass@localhost/dbname
EOF
	cat >"$1/alembic/env.py" <<'EOF'
import os
from alembic import context
config = context.config
config.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"].replace("%", "%%"))
EOF
	cat >"$1/alembic/versions/0001_init.py" <<'EOF'
"""init"""
revision = "0001"
down_revision = None
EOF
	cat >"$1/alembic/versions/0002_broken.py" <<'EOF'
"""broken"""
revision = "0002"
down_revision = "missing"
EOF
}

# ---- huge and sparse files (DL_MAX_FILE_SIZE) ------------------------------

if wanted sparse; then
	d=$tmp/r-sparse
	mk_alembic "$d"
	truncate -s 1G "$d/render.yaml" && truncate -s 1G "$d/data.bin"
	run sparse "$d"
	expect sparse "$tmp/sparse.err" '^skipped render\.yaml: larger than' "the 1 GB render.yaml is not reported as skipped"
	finish
fi

if wanted long-line; then
	d=$tmp/r-long-line
	mk_alembic "$d"
	# 50 MB on one line, under deploy-file names
	python3 -c "import sys; sys.stdout.write('A=' + 'x' * (50 << 20))" >"$d/.env"
	cp "$d/.env" "$d/requirements.txt"
	run long-line "$d"
	expect long-line "$tmp/long-line.err" '^skipped \.env: larger than' ".env of 50 MB not reported as skipped"
	finish
fi

# Just under DL_MAX_FILE_SIZE, one line: parsed, and its limits crossed
# (DL_MAX_INI_VALUE, DL_MAX_REQ_LINE).
if wanted long-value; then
	d=$tmp/r-long-value
	mk_alembic "$d"
	python3 - "$d" <<'EOF'
import sys
d = sys.argv[1]
big = 'x' * (2 << 20)
with open(d + '/alembic.ini', 'w') as f:
    f.write('[alembic]\nscript_location = alembic\nsqlalchemy.url = postgresql://' + big + '\n')
with open(d + '/requirements.txt', 'w') as f:
    f.write('flask==' + big + '\n')
with open(d + '/render.yaml', 'w') as f:
    f.write('services:\n- type: web\n  name: "' + big + '"\n  startCommand: ' + 'a ' * (3 << 20) + '\n')
with open(d + '/.env', 'w') as f:
    f.write('DATABASE_URL=postgresql://u:p@h/db?' + '&'.join('k%d=v' % i for i in range(5000)) + '\n')
EOF
	run long-value "$d"
	expect long-value "$tmp/long-value.text" '^alembic\.ini:[0-9]+:[0-9]+: error\[PARSE001\]' "the 2 MB ini value is not PARSE001"
	expect long-value "$tmp/long-value.text" '^requirements\.txt:1:1: error\[PARSE001\].*longer than 1048576 bytes' "the 2 MB requirements line (DL_MAX_REQ_LINE) is not PARSE001"
	finish
fi

# ---- binary and malformed contents ----------------------------------------

if wanted binary; then
	d=$tmp/r-binary
	mkdir -p "$d/alembic/versions"
	for f in render.yaml alembic.ini .env requirements.txt runtime.txt \
		 Procfile build.sh alembic/env.py alembic/versions/0001_x.py; do
		head -c 4096 /dev/urandom >"$d/$f"
		printf '\000\377\376' >>"$d/$f"
	done
	run binary "$d"
	expect binary "$tmp/binary.err" '^skipped render\.yaml: binary' "binary render.yaml not reported as skipped"
	finish
fi

# NUL bytes after the binary sniff window, invalid UTF-8 everywhere.
if wanted bad-bytes; then
	d=$tmp/r-bad-bytes
	mk_alembic "$d"
	python3 - "$d" <<'EOF'
import sys
d = sys.argv[1]
pad = b'# ' + b'p' * 9000 + b'\n'
with open(d + '/.env', 'wb') as f:
    f.write(pad + b'KEY=\xff\xfe\x00value\nDATABASE_URL=postgresql://u:\xc3\x28pw@h\x00ost/db\n\xed\xa0\x80=1\n')
with open(d + '/render.yaml', 'wb') as f:
    f.write(pad + b'services:\n- type: web\n  name: "\xff\x00"\n  startCommand: "uvicorn\x00 app:app"\n')
with open(d + '/alembic/versions/0002_bad.py', 'wb') as f:
    f.write(pad + b'revision = "\xff\xfe"\ndown_revision = "0001\x00"\n')
with open(d + '/requirements.txt', 'wb') as f:
    f.write(pad + b'fla\xffsk==2.0\x00\n')
EOF
	run bad-bytes "$d"
	finish
fi

if wanted utf16; then
	d=$tmp/r-utf16
	mk_alembic "$d"
	python3 - "$d" <<'EOF'
import sys
d = sys.argv[1]
text = 'services:\n- type: web\n  name: api\n  runtime: python\n  startCommand: uvicorn app:app\n'
open(d + '/render.yaml', 'wb').write(b'\xff\xfe' + text.encode('utf-16-le'))
open(d + '/.env', 'wb').write(b'\xfe\xff' + 'A=1\n'.encode('utf-16-be'))
EOF
	run utf16 "$d"
	# UTF-16 holds NUL bytes: skipped as binary, and said so
	expect utf16 "$tmp/utf16.err" '^skipped render\.yaml: binary' "the UTF-16 render.yaml is not reported as skipped"
	finish
fi

# ---- YAML limits (DL_MAX_YAML_DEPTH, DL_MAX_YAML_NODES) and alias bombs ----

if wanted yaml-deep; then
	d=$tmp/r-yaml-deep
	mk_alembic "$d"
	python3 -c "import sys; sys.stdout.write('services: ' + '[' * 100000 + ']' * 100000 + '\n')" >"$d/render.yaml"
	run yaml-deep "$d"
	expect yaml-deep "$tmp/yaml-deep.text" '^render\.yaml:[0-9]+:[0-9]+: error\[PARSE001\]' "100,000 levels are not PARSE001"
	finish
fi

if wanted yaml-deep-block; then
	d=$tmp/r-yaml-deep-block
	mk_alembic "$d"
	# block nesting past the limit: "a:" keys, one more space each line
	python3 -c "
import sys
sys.stdout.write(''.join(' ' * i + 'a:\n' for i in range(300)) + ' ' * 300 + 'b\n')" >"$d/render.yaml"
	run yaml-deep-block "$d"
	expect yaml-deep-block "$tmp/yaml-deep-block.text" '^render\.yaml:[0-9]+:[0-9]+: error\[PARSE001\]' "300 block levels are not PARSE001"
	finish
fi

if wanted yaml-nodes; then
	d=$tmp/r-yaml-nodes
	mk_alembic "$d"
	python3 -c "import sys; sys.stdout.write('services: [' + '0,' * 1100000 + '0]\n')" >"$d/render.yaml"
	run yaml-nodes "$d"
	expect yaml-nodes "$tmp/yaml-nodes.text" '^render\.yaml:[0-9]+:[0-9]+: error\[PARSE001\]' "1.1 million nodes are not PARSE001"
	finish
fi

if wanted alias-bomb; then
	d=$tmp/r-alias-bomb
	mk_alembic "$d"
	python3 - "$d/render.yaml" <<'EOF'
import sys
out = ['a0: &a0 {type: web, name: lol, envVars: [{key: K, value: v}]}']
for i in range(1, 30):
    prev = ', '.join('*a%d' % (i - 1) for _ in range(10))
    out.append('a%d: &a%d [%s]' % (i, i, prev))
# merge keys fanning out: each level merges the previous one ten times
out.append('m0: &m0 {type: web, name: m, runtime: python}')
for i in range(1, 30):
    out.append('m%d: &m%d {<<: [%s], k%d: v}' % (i, i, ', '.join(['*m%d' % (i - 1)] * 10), i))
out.append('services: [*m29, *m29, {<<: *m29, envVars: *a29}]')
out.append('envVarGroups: [{name: g, envVars: *a29}]')
open(sys.argv[1], 'w').write('\n'.join(out) + '\n')
EOF
	run alias-bomb "$d"
	finish
fi

# ---- special files --------------------------------------------------------

if wanted render-dir; then
	d=$tmp/r-render-dir
	mk_alembic "$d"
	mkdir -p "$d/render.yaml/x" "$d/.env" "$d/requirements.txt"
	echo 'services: []' >"$d/render.yaml/x/render.yaml"
	run render-dir "$d"
	finish
fi

if wanted symlinks; then
	d=$tmp/r-symlinks
	mk_alembic "$d"
	mkdir -p "$d/sub"
	ln -s . "$d/loop"
	ln -s ../sub "$d/sub/up"
	ln -s a "$d/b" && ln -s b "$d/a"
	ln -s /etc "$d/etc"
	ln -s /etc/passwd "$d/render.yaml"
	ln -s ../../../../../../../../../../.. "$d/sub/root"
	ln -s /etc "$d/alembic/versions/outside"
	ln -s /nonexistent "$d/.env"
	# script_location through a symlink that leaves the repository
	mkdir -p "$d/other"
	printf '[alembic]\nscript_location = ../etc\n' >"$d/other/alembic.ini"
	run symlinks "$d"
	expect symlinks "$tmp/symlinks.err" '^skipped render\.yaml: symbolic link' "the symlinked render.yaml is not reported as skipped"
	expect symlinks "$tmp/symlinks.err" '^skipped loop: symbolic link' "the symlink loop is not reported as skipped"
	finish
fi

if wanted special-files; then
	d=$tmp/r-special-files
	mk_alembic "$d"
	rm -f "$d/alembic.ini"
	mkfifo "$d/alembic.ini" "$d/.env" "$d/render.yaml"
	python3 -c "
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])" "$d/requirements.txt"
	run special-files "$d"
	expect special-files "$tmp/special-files.err" '^skipped render\.yaml: not a regular file' "the FIFO render.yaml is not reported as skipped"
	expect special-files "$tmp/special-files.err" '^skipped requirements\.txt: not a regular file' "the socket is not reported as skipped"
	finish
fi

# root reads everything: the case only shows that a mode-000 file is
# harmless (as a non-root user it is skipped as unreadable).
if wanted unreadable; then
	d=$tmp/r-unreadable
	mk_alembic "$d"
	printf 'services:\n- type: web\n  name: a\n' >"$d/render.yaml"
	chmod 000 "$d/render.yaml" "$d/alembic/versions/0001_init.py"
	mkdir -p "$d/locked" && printf '[alembic]\n' >"$d/locked/alembic.ini" && chmod 000 "$d/locked"
	run unreadable "$d"
	if [ "$(id -u)" -ne 0 ]; then
		expect unreadable "$tmp/unreadable.err" 'render\.yaml.*(unreadable|cannot|denied)' "the unreadable render.yaml is not reported"
	fi
	chmod 755 "$d/locked"
	finish
fi

# ---- hostile file names ---------------------------------------------------

if wanted names; then
	d=$tmp/r-names
	mk_alembic "$d"
	v=$d/alembic/versions
	nl='
'
	# every name holds a duplicate revision id: each one is in a finding
	for n in "new${nl}line" "cr$(printf '\r')ret" 'quote"s' "single'q" \
		 '100%.py' 'a:b' 'c,d' '%0A%25' '::error file=x::forged' \
		 'tab	x' 'back\slash' "$(printf 'esc\033[31mred')" \
		 "$(printf 'bad\377\376utf8')" 'space s' '-dash' ' lead'; do
		printf 'revision = "dup"\ndown_revision = "0001"\n' >"$v/$n.py"
	done
	mkdir -p "$d/dir,with:odd%chars${nl}x"
	printf '[alembic]\nscript_location = missing\n' >"$d/dir,with:odd%chars${nl}x/alembic.ini"
	run names "$d"
	expect names "$tmp/names.text" 'ALM007' "the duplicate revision ids of oddly named files are not reported"
	expect names "$tmp/names.github" 'file=alembic/versions/100%25\.py' "'%' in a file name is not escaped in the github output"
	expect names "$tmp/names.github" 'file=alembic/versions/a%3Ab\.py' "':' in a file name is not escaped in the github output"
	finish
fi

# ---- Alembic graphs (DL_MAX_REVISION_REFS) ---------------------------------

if wanted revisions; then
	d=$tmp/r-revisions
	mk_alembic "$d"
	# a dangling reference makes Alembic give up, and ALM001 with it
	rm -f "$d/alembic/versions/0002_broken.py"
	python3 - "$d/alembic/versions" <<'EOF'
import sys
v = sys.argv[1]
n = 100000
for i in range(1, n + 1):
    with open('%s/r%06d.py' % (v, i), 'w') as f:
        f.write('revision = "r%06d"\ndown_revision = "%s"\n' % (i, 'r%06d' % (i - 1) if i > 1 else '0001'))
# a second head and a cycle at the far end of the chain
with open(v + '/z_head.py', 'w') as f:
    f.write('revision = "zhead"\ndown_revision = "r050000"\n')
EOF
	run revisions "$d" text json
	expect revisions "$tmp/revisions.text" 'ALM001' "the two heads among 100,000 revisions are not reported"
	finish
fi

if wanted tuple; then
	d=$tmp/r-tuple
	mk_alembic "$d"
	# the 100,001 ids go to a second script location: a file that cannot
	# be read silences ALM002 in its own location (it may hold the ids)
	mk_alembic "$d/other"
	python3 - "$d/alembic/versions" <<'EOF'
import sys
v = sys.argv[1]
with open(v + '/m_merge.py', 'w') as f:
    f.write('revision = "merge"\ndown_revision = (\n' +
            ''.join('    "p%05d",\n' % i for i in range(10000)) + '    "0001",\n)\n')
with open(v + '/../../other/alembic/versions/m_huge.py', 'w') as f:
    f.write('revision = "huge"\ndown_revision = (' +
            ', '.join('"h%06d"' % i for i in range(100001)) + ')\n')
EOF
	run tuple "$d"
	expect tuple "$tmp/tuple.text" '^alembic/versions/m_merge\.py:[0-9]+:[0-9]+: error\[ALM002\]' "the 10,000 missing parents are not ALM002"
	expect tuple "$tmp/tuple.text" '^other/alembic/versions/m_huge\.py:[0-9]+:[0-9]+: error\[PARSE001\]' "100,001 ids in one tuple are not PARSE001"
	finish
fi

if wanted script-outside; then
	d=$tmp/r-script-outside
	mkdir -p "$d/app" "$tmp/outside-versions/versions"
	printf 'revision = "x"\ndown_revision = "nowhere"\n' >"$tmp/outside-versions/versions/x.py"
	printf 'import os\n' >"$tmp/outside-versions/env.py"
	printf '[alembic]\nscript_location = ../../outside-versions\nversion_locations = /etc ../../outside-versions/versions\n' >"$d/app/alembic.ini"
	printf '[alembic]\nscript_location = %%(here)s/../../../../../../../../etc\n' >"$d/alembic.ini"
	run script-outside "$d"
	expect script-outside "$tmp/script-outside.text" '^app/alembic\.ini:[0-9]+:[0-9]+: error\[ALM011\]' "script_location outside the repository is not ALM011"
	if grep -q 'nowhere' "$tmp/script-outside.text"; then
		bad "script-outside: a revision outside the repository was read"
	fi
	finish
fi

# ---- requirements includes (DL_MAX_REQ_INCLUDE_DEPTH) ----------------------

if wanted req-includes; then
	d=$tmp/r-req-includes
	mk_alembic "$d"
	mkdir -p "$d/requirements" "$d/deep"
	printf -- '-r requirements.txt\n-r requirements/a.txt\nflask\n' >"$d/requirements.txt"
	printf -- '-r b.txt\n-c ../requirements.txt\n' >"$d/requirements/a.txt"
	printf -- '-r a.txt\n-r ../../../../etc/passwd\n-r /etc/passwd\n-r https://example.com/r.txt\nsqlalchemy\n' >"$d/requirements/b.txt"
	i=0
	while [ $i -lt 40 ]; do
		printf -- '-r d%d.txt\npkg%d\n' $((i + 1)) $i >"$d/deep/d$i.txt"
		i=$((i + 1))
	done
	printf -- '-r deep/d0.txt\n' >>"$d/requirements.txt"
	run req-includes "$d"
	finish
fi

# ---- deep directories (DL_MAX_WALK_DEPTH) and many words -------------------

if wanted deep-dirs; then
	d=$tmp/r-deep-dirs
	mk_alembic "$d"
	p=$d
	i=0
	while [ $i -lt 80 ]; do
		p=$p/d
		i=$((i + 1))
	done
	mkdir -p "$p"
	printf '[alembic]\nscript_location = x\n' >"$p/alembic.ini"
	run deep-dirs "$d"
	expect deep-dirs "$tmp/deep-dirs.err" 'd/d/d/d' "the folders past the walk depth are not reported as skipped"
	finish
fi

if wanted commands; then
	d=$tmp/r-commands
	mk_alembic "$d"
	python3 - "$d" <<'EOF'
import sys
d = sys.argv[1]
with open(d + '/build.sh', 'w') as f:
    f.write('#!/bin/sh\n' + 'echo ' + 'w ' * 150000 + '\n' + './s0.sh\n' + 'cat <<' + 'D' * 1000 + '\nx\n' + 'D' * 1000 + '\n' + '$(' * 5000 + '\n' + 'bash build.sh\n')
for i in range(12):
    with open('%s/s%d.sh' % (d, i), 'w') as f:
        f.write('#!/bin/sh\n./s%d.sh\nsource ./s0.sh\n' % (i + 1))
with open(d + '/render.yaml', 'w') as f:
    f.write('services:\n- type: web\n  name: api\n  runtime: python\n  buildCommand: ./build.sh\n'
            '  startCommand: "' + 'cd a && ' * 2000 + 'uvicorn app:app"\n')
EOF
	chmod +x "$d"/*.sh
	run commands "$d"
	finish
fi

# ---- more limits: .env expansion, requirements lines and specifiers, key
# suggestions, credential scanning (DL_MAX_DOTENV_EXPAND_*, DL_MAX_REQ_LINES,
# DL_MAX_PEP440_SPECS, DL_MAX_SUGGEST_LEN, DL_MAX_SECRET_*, pcre2 limits) --

if wanted limits; then
	d=$tmp/r-limits
	mk_alembic "$d"
	python3 - "$d" <<'EOF'
import sys
d = sys.argv[1]
# each variable doubles the previous one: 2^60 bytes if expanded in full
with open(d + '/.env', 'w') as f:
    f.write('V0=abcdefgh\n')
    for i in range(1, 61):
        f.write('V%d=${V%d}${V%d:-x}\n' % (i, i - 1, i - 1))
    f.write('DATABASE_URL=postgresql://u:${V60}@host/db\nSELF=${SELF}${SELF}\n')
with open(d + '/requirements.txt', 'w') as f:
    f.write('flask' + ''.join(',!=1.%d' % i for i in range(70)).replace(',', '', 1) + '\n')
    f.write('sqlalchemy>=2.0,' + ','.join('<9.%d' % i for i in range(100)) + '\n')
    for i in range(100005):
        f.write('pkg-%d==1.0\n' % i)
with open(d + '/render.yaml', 'w') as f:
    f.write('services:\n- type: web\n  name: api\n  runtime: python\n'
            '  ' + 'startCommandX' * 10 + ': x\n'
            '  startcommand: uvicorn app:app\n')
with open(d + '/settings.py', 'w') as f:
    # many credential-shaped values, and keyword hits on one 2 MB line
    for i in range(300):
        f.write('AWS_KEY_%d = "AKIA%s"\n' % (i, ('%016d' % i).translate(str.maketrans('0123456789', 'QWERTYUIOP'))))
    f.write('x = "' + 'password=akia' * (2 << 17) + '"\n')
    f.write('token = "' + 'a' * 100000 + '!' + '"\n')
EOF
	run limits "$d"
	finish
fi

# ---- each limit crossed by one byte, line or level: the input at the limit
# is read, the one just past it is not (or is reported) ----------------------

# DL_MAX_FILE_SIZE, DL_BINARY_SNIFF_BYTES, DL_MAX_WALK_DEPTH: a .env with an
# ENV005 finding on line 1 in each folder, exactly at and just past each.
if wanted scan-edges; then
	d=$tmp/r-scan-edges
	mkdir -p "$d"
	python3 - "$d" <<'EOF'
import os, sys
d = sys.argv[1]
def write(rel, data):
    os.makedirs(os.path.dirname(os.path.join(d, rel)), exist_ok=True)
    open(os.path.join(d, rel), 'wb').write(data)
def sized(head, total):
    # head, then comment lines, exactly `total` bytes
    out = bytearray(head)
    line = b'#' + b'p' * 1022 + b'\n'
    while len(out) + len(line) <= total:
        out += line
    rest = total - len(out)
    out += b'#' * (rest - 1) + b'\n' if rest > 1 else b'\n' * rest
    assert len(out) == total
    return bytes(out)
size = 8 << 20                     # DL_MAX_FILE_SIZE
write('size-at/.env', sized(b'A = 1\n', size))
write('size-over/.env', sized(b'A = 1\n', size + 1))
sniff = 8000                       # DL_BINARY_SNIFF_BYTES
write('nul-inside/.env', sized(b'A = 1\n', sniff - 1) + b'\0\n')    # NUL is byte 8000
write('nul-after/.env', sized(b'A = 1\n', sniff) + b'\0\n')         # NUL is byte 8001
deep = '/'.join(['d'] * 63)        # DL_MAX_WALK_DEPTH = 64 folders
write('d/' + deep + '/.env', b'A = 1\n')
write('d/' + deep + '/e/.env', b'A = 1\n')
EOF
	run scan-edges "$d"
	expect scan-edges "$tmp/scan-edges.text" '^size-at/\.env:1:2: note\[ENV005\]' "a file of exactly DL_MAX_FILE_SIZE bytes is not linted"
	expect scan-edges "$tmp/scan-edges.err" '^skipped size-over/\.env: larger than 8388608 bytes' "a file one byte over DL_MAX_FILE_SIZE is not reported as skipped"
	expect scan-edges "$tmp/scan-edges.err" '^skipped nul-inside/\.env: binary' "a NUL as byte 8000 does not make the file binary"
	expect scan-edges "$tmp/scan-edges.text" '^nul-after/\.env:1:2: note\[ENV005\]' "a NUL as byte 8001 (past DL_BINARY_SNIFF_BYTES) makes the file binary"
	expect scan-edges "$tmp/scan-edges.text" '^(d/){64}\.env:1:2: note\[ENV005\]' "a file 64 folders deep is not linted"
	expect scan-edges "$tmp/scan-edges.err" '^skipped (d/){64}e/: deeper than 64 levels' "the 65th folder level is not reported as skipped"
	# the limits themselves are PARSE002 notes, the only lines those files get
	expect scan-edges "$tmp/scan-edges.text" '^size-over/\.env: note\[PARSE002\].*DL_MAX_FILE_SIZE' "the file over DL_MAX_FILE_SIZE has no PARSE002 note"
	expect scan-edges "$tmp/scan-edges.text" '^(d/){64}e: note\[PARSE002\].*DL_MAX_WALK_DEPTH' "the folder past DL_MAX_WALK_DEPTH has no PARSE002 note"
	if grep -v 'PARSE002' "$tmp/scan-edges.text" | grep -Eq '^(size-over|nul-inside)/|^(d/){64}e/'; then
		bad "scan-edges: a file past a limit was linted"
	fi
	finish
fi

# DL_MAX_REQ_LINES: the 100,000th requirement is read (REQ002), the
# 100,001st (a Windows-only package, REQ006 on line 1) is ignored.
if wanted req-lines-edge; then
	d=$tmp/r-req-lines-edge
	mkdir -p "$d"
	python3 - "$d" <<'EOF'
import sys
with open(sys.argv[1] + '/requirements.txt', 'w') as f:
    f.write('pywin32==306\n')
    for i in range(2, 100000):
        f.write('pkg-%d==1.0\n' % i)
    f.write('psycopg2==2.9.9\npywin32==306\n')
EOF
	run req-lines-edge "$d" text json
	expect req-lines-edge "$tmp/req-lines-edge.text" '^requirements\.txt:1:1: error\[REQ006\]' "the Windows-only package on line 1 is not REQ006"
	expect req-lines-edge "$tmp/req-lines-edge.text" '^requirements\.txt:100000:1: warning\[REQ002\]' "requirement 100,000 (DL_MAX_REQ_LINES) is not read"
	expect req-lines-edge "$tmp/req-lines-edge.text" '^requirements\.txt:100001:1: note\[PARSE002\].*DL_MAX_REQ_LINES' "requirement 100,001 past DL_MAX_REQ_LINES has no PARSE002 note"
	if grep -v 'PARSE002' "$tmp/req-lines-edge.text" | grep -q '^requirements\.txt:100001:'; then
		bad "req-lines-edge: requirement 100,001 (past DL_MAX_REQ_LINES) was read"
	fi
	finish
fi

# DL_MAX_REQ_INCLUDE_DEPTH: gunicorn in a -r chain 32 includes deep is
# installed; 33 deep, the chain is cut there and REQ007 says it is not.
if wanted req-include-edge; then
	for n in 32 33; do
		d=$tmp/r-req-include-edge/n$n
		mkdir -p "$d/deep"
		python3 - "$d" $n <<'EOF'
import sys
d, n = sys.argv[1], int(sys.argv[2])
open(d + '/render.yaml', 'w').write('services:\n- type: web\n  name: api\n  runtime: python\n'
    '  buildCommand: pip install -r requirements.txt\n  startCommand: gunicorn app:app\n')
open(d + '/.python-version', 'w').write('3.12\n')
open(d + '/requirements.txt', 'w').write('flask==3.0.0\n-r deep/d01.txt\n')
for i in range(1, n):
    open('%s/deep/d%02d.txt' % (d, i), 'w').write('-r d%02d.txt\n' % (i + 1))
open('%s/deep/d%02d.txt' % (d, n), 'w').write('gunicorn==23.0.0\n')
EOF
		run req-include-edge-$n "$d" text
	done
	if grep -q 'REQ007' "$tmp/req-include-edge-32.text"; then
		bad "req-include-edge: gunicorn 32 includes deep (DL_MAX_REQ_INCLUDE_DEPTH) is not found"
	fi
	expect req-include-edge "$tmp/req-include-edge-33.text.err" '^deep/d32\.txt:1: not read: -r d33\.txt is more than 32 nested' "the include 33 deep is not said to be left unread"
	# what is not read may install gunicorn: no REQ007 (as for a URL)
	if grep -q 'REQ007' "$tmp/req-include-edge-33.text"; then
		bad "req-include-edge: REQ007 reported although the include 33 deep was not read"
	fi
	finish
fi

# DL_MAX_SECRET_HITS: 201 AWS keys in one file, the first 200 reported.
# DL_MAX_SECRET_LINE: a line-anchored format (Twilio API key SID, keyword
# "twilio") sees 64 KiB back from its keyword: found at 65,536 bytes, not
# at 65,537.
if wanted secret-edges; then
	d=$tmp/r-secret-edges
	mkdir -p "$d"
	python3 - "$d" <<'EOF'
import base64, hashlib, sys
d = sys.argv[1]
with open(d + '/settings.py', 'w') as f:
    for i in range(201):
        k = base64.b32encode(hashlib.sha1(b'%d' % i).digest()).decode()[:16]
        f.write('AWS_KEY_%d = "AKIA%s"\n' % (i, k))
key = 'SK' + hashlib.md5(b'hostile').hexdigest()
for name, gap in (('twilio_at.py', 64 << 10), ('twilio_over.py', (64 << 10) + 1)):
    line = key + ' ' + '#' * (gap - len(key) - 1) + 'twilio\n'
    assert line.index('twilio') == gap
    open(d + '/' + name, 'w').write(line)
EOF
	run secret-edges "$d"
	n=$(grep -c '^settings\.py:[0-9]*:[0-9]*: error\[SEC003\]' "$tmp/secret-edges.text")
	[ "$n" -eq 200 ] || bad "secret-edges: $n AWS keys reported in settings.py, expected 200 (DL_MAX_SECRET_HITS)"
	expect secret-edges "$tmp/secret-edges.err" '^settings\.py: more than 200 secrets' "the cut at DL_MAX_SECRET_HITS is not said on stderr"
	expect secret-edges "$tmp/secret-edges.text" '^twilio_at\.py:1:1: error\[SEC003\]' "a key 64 KiB before its keyword is not found"
	if grep -q '^twilio_over\.py:' "$tmp/secret-edges.text"; then
		bad "secret-edges: a key more than DL_MAX_SECRET_LINE bytes before its keyword was found"
	fi
	finish
fi

# DL_MAX_BP_SUGGESTIONS: 1,001 unknown keys in render.yaml, 1,000 reported.
if wanted bp-suggestions-edge; then
	d=$tmp/r-bp-suggestions-edge
	mkdir -p "$d"
	python3 - "$d/render.yaml" <<'EOF'
import sys
with open(sys.argv[1], 'w') as f:
    f.write('services:\n- type: web\n  name: api\n  runtime: python\n  startCommand: uvicorn app:app\n')
    for i in range(1001):
        f.write('  unknownKey%04d: x\n' % i)
EOF
	run bp-suggestions-edge "$d"
	n=$(grep -c '^render\.yaml:[0-9]*:[0-9]*: [a-z]*\[RND001\]' "$tmp/bp-suggestions-edge.text")
	[ "$n" -eq 1000 ] || bad "bp-suggestions-edge: $n unknown keys reported, expected 1000 (DL_MAX_BP_SUGGESTIONS)"
	finish
fi

# DL_MAX_BASELINE_SIZE: a baseline of exactly 64 MiB is read, one byte more
# is a usage error (exit 2). DL_MAX_BASELINE_ENTRIES: 1,000,000 entries pass
# the count (then entry 1 is checked and rejected), 1,000,001 do not.
if wanted baseline-edges; then
	d=$tmp/r-baseline-edges
	mkdir -p "$d"
	printf 'A = 1\n' >"$d/.env"
	python3 - "$tmp" <<'EOF'
import sys
t = sys.argv[1]
size = 64 << 20
head = '{"version": "1", "findings": []}'
open(t + '/bl-at.json', 'w').write(head + ' ' * (size - len(head)))
open(t + '/bl-over.json', 'w').write(head + ' ' * (size + 1 - len(head)))
n = 1000000
for name, k in (('bl-n.json', n), ('bl-n1.json', n + 1)):
    open(t + '/' + name, 'w').write('{"version": "1", "findings": [' + ','.join(['{}'] * k) + ']}')
EOF
	for b in at over n n1; do
		(cd "$d" && timeout 60 "$bin" --baseline "$tmp/bl-$b.json" .) \
			>"$tmp/bl-$b.out" 2>"$tmp/bl-$b.err"
		echo $? >"$tmp/bl-$b.rc"
		if grep -Eq 'Sanitizer|runtime error' "$tmp/bl-$b.err"; then
			bad "baseline-edges ($b): sanitizer report: $(grep -m1 -E 'Sanitizer|runtime error' "$tmp/bl-$b.err")"
		fi
	done
	[ "$(cat "$tmp/bl-at.rc")" = 0 ] || bad "baseline-edges: a baseline of exactly DL_MAX_BASELINE_SIZE bytes is refused: $(head -c 300 "$tmp/bl-at.err")"
	[ "$(cat "$tmp/bl-over.rc")" = 2 ] || bad "baseline-edges: a baseline one byte over DL_MAX_BASELINE_SIZE: exit $(cat "$tmp/bl-over.rc"), expected 2"
	expect baseline-edges "$tmp/bl-over.err" 'not a regular file of at most 67108864 bytes' "the oversized baseline is not named as such"
	[ "$(cat "$tmp/bl-n.rc")" = 2 ] || bad "baseline-edges: 1,000,000 empty entries: exit $(cat "$tmp/bl-n.rc"), expected 2"
	expect baseline-edges "$tmp/bl-n.err" 'entry 1 needs string rule' "1,000,000 entries (DL_MAX_BASELINE_ENTRIES) are refused by their count"
	[ "$(cat "$tmp/bl-n1.rc")" = 2 ] || bad "baseline-edges: 1,000,001 entries: exit $(cat "$tmp/bl-n1.rc"), expected 2"
	expect baseline-edges "$tmp/bl-n1.err" 'not a deploylint baseline' "1,000,001 entries are not refused by their count"
	rm -f "$tmp"/bl-*.json
	finish
fi

# DL_FIX_MAX_EDITS: a .env with 100,000 CR LF line ends gets ENV007's fix
# (one edit per line); with 100,001 it gets none (the finding stays).
if wanted fix-edits-edge; then
	for n in 100000 100001; do
		d=$tmp/r-fix-edits-edge/n$n
		mkdir -p "$d"
		python3 -c "import sys; open(sys.argv[1], 'wb').write(b''.join(b'K%d=v\r\n' % i for i in range($n)))" "$d/.env"
		(cd "$d" && timeout 60 "$bin" --fix --dry-run .) >"$tmp/fix-$n.out" 2>"$tmp/fix-$n.err"
		echo $? >"$tmp/fix-$n.rc"
		if grep -Eq 'Sanitizer|runtime error' "$tmp/fix-$n.err"; then
			bad "fix-edits-edge ($n): sanitizer report: $(grep -m1 -E 'Sanitizer|runtime error' "$tmp/fix-$n.err")"
		fi
	done
	[ "$(cat "$tmp/fix-100000.rc")" = 1 ] || bad "fix-edits-edge: 100,000 CR LF lines (DL_FIX_MAX_EDITS): --fix --dry-run exit $(cat "$tmp/fix-100000.rc"), expected 1 (something to fix)"
	n=$(grep -c '^+K[0-9]*=[v*]$' "$tmp/fix-100000.out")
	[ "$n" -eq 100000 ] || bad "fix-edits-edge: the diff changes $n lines, expected 100000"
	[ "$(cat "$tmp/fix-100001.rc")" = 0 ] || bad "fix-edits-edge: 100,001 CR LF lines: --fix --dry-run exit $(cat "$tmp/fix-100001.rc"), expected 0 (no fix past DL_FIX_MAX_EDITS)"
	expect fix-edits-edge "$tmp/fix-100001.err" '0 findings can be fixed' "a fix with more than DL_FIX_MAX_EDITS edits is offered"
	finish
fi

# Costly cases (set DL_HOSTILE_HEAVY=1): DL_MAX_FILES and DL_MAX_REVISIONS
# are crossed only with half a million files / 200,001 revisions.
if [ -n "${DL_HOSTILE_HEAVY:-}" ] && wanted max-files; then
	d=$tmp/r-max-files
	mk_alembic "$d"
	python3 - "$d" <<'EOF'
import os, sys
d = sys.argv[1]
for i in range(501):
    sub = '%s/f/%03d' % (d, i)
    os.makedirs(sub)
    for j in range(1000):
        open('%s/%03d.txt' % (sub, j), 'w').close()
EOF
	run max-files "$d" text
	expect max-files "$tmp/max-files.err" '^skipped .*(files|more than)' "the files past DL_MAX_FILES are not reported as skipped"
	finish
fi

if [ -n "${DL_HOSTILE_HEAVY:-}" ] && wanted max-revisions; then
	d=$tmp/r-max-revisions
	mk_alembic "$d"
	python3 - "$d/alembic/versions" <<'EOF'
import sys
v = sys.argv[1]
for i in range(1, 200003):
    with open('%s/r%06d.py' % (v, i), 'w') as f:
        f.write('revision = "r%06d"\ndown_revision = "%s"\n' % (i, 'r%06d' % (i - 1) if i > 1 else '0001'))
EOF
	run max-revisions "$d" text
	# 0001, 0002 and r000001..r199998 are the first 200,000 files by path:
	# r199998 is a head because the revision after it is ignored
	expect max-revisions "$tmp/max-revisions.text" '^alembic/versions/r199998\.py:[0-9]+:[0-9]+: error\[ALM001\]' "the revisions past DL_MAX_REVISIONS are read"
	finish
fi

# ---- git: shallow clone, corrupted index -----------------------------------

git_q() {
	git -c user.name=hostile -c user.email=hostile@example.com \
	    -c init.defaultBranch=main -c advice.detachedHead=false "$@" >/dev/null 2>&1
}

if wanted shallow; then
	s=$tmp/shallow-src
	mk_alembic "$s"
	git_q init "$s" && git_q -C "$s" add -A && git_q -C "$s" commit -m one &&
		printf 'revision = "0003"\ndown_revision = "0001"\n' >"$s/alembic/versions/0003.py" &&
		git_q -C "$s" add -A && git_q -C "$s" commit -m two &&
		git_q clone --depth 1 "file://$s" "$tmp/r-shallow"
	if [ -f "$tmp/r-shallow/.git/shallow" ]; then
		run shallow "$tmp/r-shallow"
		expect shallow "$tmp/shallow.text" '^alembic/versions/0002_broken\.py:[0-9]+:[0-9]+: error\[ALM002\]' "the shallow clone's alembic.ini is not linted"
		finish
	else
		bad "shallow: could not make a shallow clone"
		finish
	fi
fi

if wanted bad-index; then
	d=$tmp/r-bad-index
	mk_alembic "$d"
	git_q init "$d" && git_q -C "$d" add -A && git_q -C "$d" commit -m one
	printf 'DIRC\000\000\000\002garbage' >"$d/.git/index"
	# the rules that need the index cannot run: a wrong result is exit 3
	(cd "$d" && timeout 60 "$bin" . >"$tmp/bad-index.out" 2>"$tmp/bad-index.err3")
	rc=$?
	[ "$rc" -eq 3 ] || bad "bad-index: exit $rc, not 3, when the index rules cannot run"
	expect bad-index "$tmp/bad-index.err3" 'cannot read the git index.*SEC001.*could not run' "the corrupted index is not reported without --verbose"
	# without them the rest is linted, git's ignore rules still applied
	# (an ignored .env is linted as local settings, never fixed; an
	# ignored folder stays unread)
	mkdir -p "$d/private"
	printf 'PORT = 8000\n' >"$d/.env" && printf 'PORT = 8000\n' >"$d/private/.env" &&
		printf '.env\nprivate/\n' >"$d/.gitignore"
	(cd "$d" && timeout 60 "$bin" --ignore SEC001,ENV003,GIT --fix --dry-run . >"$tmp/bad-index.fix" 2>&1)
	grep -q '^diff --git a/.env' "$tmp/bad-index.fix" && bad "bad-index: --fix would rewrite the gitignored .env"
	(cd "$d" && timeout 60 "$bin" --ignore SEC001,ENV003,GIT --format text . >"$tmp/bad-index.text" 2>"$tmp/bad-index.err")
	expect bad-index "$tmp/bad-index.text" '^alembic/versions/0002_broken\.py:[0-9]+:[0-9]+: error\[ALM002\]' "the walk after the corrupted index lints nothing"
	expect bad-index "$tmp/bad-index.text" '^\.env:1:[0-9]+: note\[ENV005\]' "the gitignored .env is not linted as local settings"
	grep -q '^private/' "$tmp/bad-index.text" && bad "bad-index: a file in a gitignored folder is linted"
	finish
fi

# Tracked files changed in the work tree after the commit: the pre-read
# (src/pass/pass.c) reads what the index lists while the walk runs, and
# only what the walk confirms may count. Each file holds its own GitHub
# token (tok N) so the report shows which files were scanned.
if wanted tracked-changed; then
	d=$tmp/r-tracked-changed
	o=$tmp/r-tracked-changed-outside
	tok() { printf 'ghp_%sRw4Kx9Qm2Vb7Lp3Zt8Nc5Hd1Jf6Gs0AyEu%s' "$1" "$1"; }
	mkdir -p "$d/sub" "$o"
	for f in deleted link dir fifo big modified; do
		printf 'X = "nothing here"\n' >"$d/$f.py"
	done
	printf 'T = "%s"\n' "$(tok 1)" >"$d/deleted.py"
	printf 'T = "%s"\n' "$(tok 2)" >"$d/sub/a.py"
	git_q init "$d" && git_q -C "$d" add -A && git_q -C "$d" commit -m one
	rm "$d/deleted.py"
	printf 'T = "%s"\n' "$(tok 3)" >"$o/secret.py"
	rm "$d/link.py" && ln -s "$o/secret.py" "$d/link.py"
	rm "$d/dir.py" && mkdir "$d/dir.py" && printf 'T = "%s"\n' "$(tok 4)" >"$d/dir.py/inner.py"
	rm "$d/fifo.py" && mkfifo "$d/fifo.py"
	head -c 9000000 /dev/zero | tr '\0' 'x' >"$d/big.py"
	printf 'T = "%s"\n' "$(tok 5)" >>"$d/big.py"
	printf 'T = "%s"\n' "$(tok 6)" >"$d/modified.py"
	printf 'T = "%s"\n' "$(tok 7)" >"$d/untracked.py"
	mkdir -p "$o/sub" && printf 'T = "%s"\n' "$(tok 8)" >"$o/sub/a.py"
	rm -r "$d/sub" && ln -s "$o/sub" "$d/sub"
	run tracked-changed "$d" text
	t=$tmp/tracked-changed.text
	expect tracked-changed "$t" '^modified\.py:1:6: error\[SEC003\]' "the modified tracked file is not scanned as it is now"
	expect tracked-changed "$t" '^untracked\.py:1:6: error\[SEC003\]' "the untracked file is not scanned"
	expect tracked-changed "$t" '^dir\.py/inner\.py:1:6: error\[SEC003\]' "the file in the folder that replaced a tracked file is not scanned"
	expect tracked-changed "$t" '^3 errors, 0 warnings, 1 note in ' "files the walk did not confirm are reported"
	# big.py grew past DL_MAX_FILE_SIZE: its only line is that limit's note
	expect tracked-changed "$t" '^big\.py: note\[PARSE002\].*DL_MAX_FILE_SIZE' "big.py over the size limit has no PARSE002 note"
	expect tracked-changed "$tmp/tracked-changed.err" '^skipped link\.py: symbolic link' "the symlink that replaced a tracked file is not skipped"
	expect tracked-changed "$tmp/tracked-changed.err" '^skipped sub: symbolic link' "the symlink that replaced a tracked folder is not skipped"
	expect tracked-changed "$tmp/tracked-changed.err" '^skipped fifo\.py: not a regular file' "the FIFO that replaced a tracked file is not skipped"
	n=$(grep -c '^skipped big\.py: larger than' "$tmp/tracked-changed.err")
	[ "$n" -eq 1 ] || bad "tracked-changed: big.py is reported too big $n times, not once"
	if grep -v 'PARSE002.*DL_MAX_FILE_SIZE' "$t" | grep -Eq '(deleted|link|big|fifo)\.py|sub/a\.py'; then
		bad "tracked-changed: a file the walk did not confirm has findings: $(grep -E '(deleted|link|big|fifo)\.py|sub/a\.py' "$t" | head -n 1)"
	fi
	finish
	rm -rf "$o"
fi

if wanted bad-git; then
	d=$tmp/r-bad-git
	mk_alembic "$d"
	mkdir -p "$d/.git"
	printf 'garbage\n' >"$d/.git/HEAD"
	# neither the index nor the ignore rules are known: exit 3, said
	(cd "$d" && timeout 60 "$bin" . >"$tmp/bad-git.out" 2>"$tmp/bad-git.err")
	rc=$?
	[ "$rc" -eq 3 ] || bad "bad-git: exit $rc, not 3, for a .git libgit2 cannot open"
	expect bad-git "$tmp/bad-git.err" 'git repository cannot be read' "a broken .git is not reported"
	finish
fi

# ---- issue 13: memory bounded by the input, not by the findings ----------

if wanted findings-cap; then
	d=$tmp/r-findings-cap
	mkdir -p "$d"
	# 2 MiB of `X = 1`: ENV005 and ENV006 on every line (5 GB of SARIF
	# before DL_MAX_FINDINGS_PER_FILE)
	python3 -c "import sys; sys.stdout.write('X = 1\n' * 349526)" >"$d/.env"
	run findings-cap "$d" text sarif
	n=$(grep -c '^\.env:[0-9]*:[0-9]*: note\[ENV005\]' "$tmp/findings-cap.text")
	[ "$n" -eq 1000 ] || bad "findings-cap: $n ENV005 findings reported, not DL_MAX_FINDINGS_PER_FILE (1000)"
	expect findings-cap "$tmp/findings-cap.text" '^\.env: note\[ENV005\] and 348526 more ENV005 findings in this file' "no 'and N more' note"
	sz=$(wc -c <"$tmp/findings-cap.sarif")
	[ "$sz" -lt 20000000 ] || bad "findings-cap: the SARIF output has $sz bytes"
	finish
fi

if wanted findings-stream; then
	d=$tmp/r-findings-stream
	# 40 .env files of 1000 lines: 1500 findings each (1000 ENV005, at
	# DL_MAX_FINDINGS_PER_FILE, and 500 ENV006), 60,000 in all. The JSON and SARIF
	# outputs are written one finding at a time (dl_emit_flush), so they
	# take no more memory than the text output; before, JSON took 2.8x and
	# SARIF 5x (232 and 416 MB against 83 MB).
	python3 - "$d" <<'EOF'
import os, sys
for i in range(40):
    d = os.path.join(sys.argv[1], 'd%02d' % i)
    os.makedirs(d)
    with open(os.path.join(d, '.env'), 'w') as f:
        f.write(''.join('K%d = 1\n' % (j % 500) for j in range(1000)))
EOF
	run findings-stream "$d" text json sarif
	n=$(grep -cE '(warning|note)\[ENV00[56]\]' "$tmp/findings-stream.text")
	[ "$n" -eq 60000 ] || bad "findings-stream: $n findings in the text output, not 60000"
	n=$(grep -c '"ruleId": "ENV00[56]"' "$tmp/findings-stream.sarif")
	[ "$n" -eq 60000 ] || bad "findings-stream: $n SARIF results, not 60000"
	# peak memory per format (a sanitizer's allocator would blur it)
	if ! ldd "$bin" 2>/dev/null | grep -q 'lib[at]san'; then
		rss=$(cd "$d" && python3 - "$bin" <<'EOF'
import resource, subprocess, sys
out = []
for fmt in ('text', 'json', 'sarif'):
    subprocess.run([sys.argv[1], '--format', fmt, '.'], stdout=subprocess.DEVNULL)
    # the children's peak so far: each format uses more than the one before
    # only if it needs more
    out.append(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
print(' '.join(out))
EOF
)
		set -- $rss
		# KiB; json and sarif within 1.25x the text run plus 16 MiB
		for m in "$2" "$3"; do
			[ "$m" -le $(($1 * 5 / 4 + 16384)) ] ||
				bad "findings-stream: peak memory $m KiB for json/sarif against $1 KiB for text (text json sarif: $rss)"
		done
	fi
	finish
fi

if wanted alias-amplify; then
	d=$tmp/r-alias-amplify
	mkdir -p "$d"
	# 24 KB: 1,000 services sharing one list of 1,000 envVars
	python3 - "$d/render.yaml" <<'EOF'
import sys
ev = ', '.join('{key: K, value: v}' for i in range(1000))
out = ['x-env: &e [%s]' % ev,
       'x-svc: &s {type: web, name: api, runtime: python, envVars: *e}',
       'services: [' + ', '.join(['*s'] * 1000) + ']']
open(sys.argv[1], 'w').write('\n'.join(out) + '\n')
EOF
	run alias-amplify "$d"
	expect alias-amplify "$tmp/alias-amplify.text" '^render\.yaml:3:[0-9]+: error\[PARSE001\] .*aliases expand the document' "the expansion is not PARSE001"
	n=$(grep -c '^render\.yaml' "$tmp/alias-amplify.text")
	[ "$n" -eq 1 ] || bad "alias-amplify: render.yaml is reported $n times, not once"
	finish
fi

if wanted regex-budget; then
	d=$tmp/r-regex-budget
	mkdir -p "$d"
	# a user pattern with nested repeats on 15,000 lines that hold its
	# keyword: 29 s before the per-file budget (DL_MAX_SECRET_GIVEUPS)
	cat >"$d/.deploylint.yaml" <<'EOF'
options:
  secret-patterns:
    - id: slow
      name: slow pattern
      pattern: 'acme_(a|aa)+$'
      keywords: [acme_]
EOF
	python3 -c "import sys; sys.stdout.write(('x = \"acme_' + 'a' * 60 + 'b\"\n') * 15000)" >"$d/conf.py"
	start=$(date +%s)
	run regex-budget "$d" text
	end=$(date +%s)
	[ $((end - start)) -lt 10 ] || bad "regex-budget: the scan took $((end - start)) s"
	expect regex-budget "$tmp/regex-budget.text" '^conf\.py: note\[SEC003\] secret pattern slow was not searched for in the rest of this file' "no note on the pattern given up"
	finish
fi

echo "hostile: $pass passed, $failed failed"
[ "$failed" -eq 0 ]
