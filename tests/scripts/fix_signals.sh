#!/bin/sh
# --fix interrupted (issue 13 item 7): the temporary file that holds the
# new contents of a .env (secrets included) must not survive SIGINT,
# SIGTERM or SIGHUP, must be named so that the ignore rule covering the
# file (`.env*`) covers it too, and one left behind by a process that no
# longer runs (SIGKILL) is removed by the next --fix. A preloaded shim
# holds fsync() of the temporary file for a while, so that the signal
# lands exactly while the file exists.
#
# usage: sh fix_signals.sh BINARY SOURCE_DIR
set -u

if [ $# -ne 2 ]; then
	echo "usage: sh $0 BINARY SOURCE_DIR" >&2
	exit 2
fi
bin=$1
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dlfixsig.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1 LC_ALL=C TZ=UTC NO_COLOR=
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
unset GITHUB_ACTIONS GIT_INDEX_FILE
# a preloaded library after a sanitizer runtime is fine for this test
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
mkdir -p "$HOME"
failed=0
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

cc=${CC:-cc}
cat >"$tmp/slow.c" <<'EOF'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
/* fsync() writes the marker file named by DL_SLOW_FSYNC, then sleeps */
int
fsync(int fd)
{
	int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	const char *m = getenv("DL_SLOW_FSYNC");
	if (m) {
		int k = open(m, O_WRONLY | O_CREAT, 0600);
		if (k >= 0)
			close(k);
		sleep(10);
	}
	return real(fd);
}
EOF
if ! "$cc" -shared -fPIC -o "$tmp/slow.so" "$tmp/slow.c" -ldl 2>"$tmp/cc.err"; then
	echo "FAIL: cannot build the fsync shim: $(cat "$tmp/cc.err")"
	exit 1
fi

repo=$tmp/repo
mkdir -p "$repo" && cd "$repo" || exit 2
git -c init.defaultBranch=main init -q
printf '.env*\n' >.gitignore
# ENV005 has a fix; the value is a secret the temporary file holds too
printf 'API_TOKEN = Zq7Xv2Lm9Np4Rt6Wb3Ks\n' >.env
cp .env "$tmp/env.orig"
# tracked (deploylint fixes only files git would show it), and ignored by
# the glob as most of its siblings would be
git add -f .env .gitignore && git commit -q -m init || exit 2

# tmps: the temporary files beside .env
tmps() { ls -a | grep -F '.deploylint-fix-'; }

for sig in INT TERM HUP; do
	rm -f "$tmp/marker"
	DL_SLOW_FSYNC=$tmp/marker LD_PRELOAD=$tmp/slow.so "$bin" --fix . >/dev/null 2>&1 &
	pid=$!
	i=0
	while [ ! -e "$tmp/marker" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if [ ! -e "$tmp/marker" ]; then
		bad "$sig: --fix never wrote its temporary file"
		kill -KILL $pid 2>/dev/null
		wait $pid 2>/dev/null
		continue
	fi
	t=$(tmps)
	case $t in
	.env.deploylint-fix-*) ;;
	*) bad "$sig: the temporary file is named '$t', not .env.deploylint-fix-*" ;;
	esac
	if [ -n "$t" ] && ! git check-ignore -q -- "$t"; then
		bad "$sig: the ignore rule '.env*' does not cover the temporary file $t"
	fi
	kill -"$sig" $pid
	wait $pid
	rc=$?
	[ $rc -gt 128 ] || bad "$sig: --fix exited $rc, not by the signal"
	left=$(tmps)
	[ -z "$left" ] || bad "$sig: the temporary file $left survived the signal"
	cmp -s .env "$tmp/env.orig" || bad "$sig: .env changed although the fix was interrupted"
	rm -f -- $left
done

# a temporary file of a process that is gone is removed by the next --fix;
# one of a live process is not
sh -c 'exit 0' &
dead=$!
wait $dead
sleep 60 &
live=$!
printf 'x\n' >".env.deploylint-fix-$dead-abcdef"
printf 'x\n' >".env.deploylint-fix-$live-abcdef"
"$bin" --fix . >/dev/null 2>&1
[ ! -e ".env.deploylint-fix-$dead-abcdef" ] || bad "a stale temporary file (process $dead gone) is not removed"
[ -e ".env.deploylint-fix-$live-abcdef" ] || bad "the temporary file of a running process ($live) is removed"
kill $live 2>/dev/null
wait $live 2>/dev/null
grep -q '^API_TOKEN=' .env || bad "the fix was not applied after the interruptions"

if [ $failed -ne 0 ]; then
	echo "fix_signals: $failed failed"
	exit 1
fi
echo "fix_signals: SIGINT, SIGTERM, SIGHUP and a stale file: no temporary file left"
exit 0
