#!/bin/sh
# `cmake --install` of the build holding BINARY into a temporary DESTDIR:
# the binary, the man page and the bash, zsh and fish completions land where
# the prefix says; the installed binary runs; each completion loads in its
# shell, completes options, subcommands and rule ids (case-insensitively,
# comma lists for --select/--ignore), and its rule ids are exactly those of
# `deploylint --list-rules`; every long option of --help is completed.
# Also: configuring with no CMAKE_BUILD_TYPE gives Release.
# Usage: sh install.sh BINARY SOURCE_DIR
set -u
bin=$1
src=$(cd "$2" && pwd)
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
build=$(dirname "$bin")
pass=0
failed=0
ok() { pass=$((pass + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
check() { # check NAME WANT GOT
	if [ "$2" = "$3" ]; then ok; else bad "$1: want [$2], got [$3]"; fi
}
for sh in bash zsh fish; do
	command -v $sh >/dev/null 2>&1 || {
		echo "FAIL: $sh is not installed (sh tools/install-deps.sh --test installs it)"
		echo "install: 0 passed, 1 failed"
		exit 1
	}
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dlinstall.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config" XDG_DATA_HOME="$tmp/home/.local/share"
mkdir -p "$HOME" "$tmp/empty"
unset GITHUB_ACTIONS NO_COLOR

prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt")
[ -n "$prefix" ] || { bad "no CMAKE_INSTALL_PREFIX in $build/CMakeCache.txt"; prefix=/usr/local; }
dest=$tmp/dest
if DESTDIR=$dest cmake --install "$build" >"$tmp/install.log" 2>&1; then ok; else
	bad "cmake --install failed:"
	cat "$tmp/install.log"
fi
root=$dest$prefix
case $prefix in /usr) zshdir=share/zsh/vendor-completions ;; *) zshdir=share/zsh/site-functions ;; esac
bashc=$root/share/bash-completion/completions/deploylint
zshc=$root/$zshdir/_deploylint
fishc=$root/share/fish/vendor_completions.d/deploylint.fish
for f in "$root/bin/deploylint" "$root/share/man/man1/deploylint.1" "$bashc" "$zshc" "$fishc" \
	"$root/share/doc/deploylint/README.md" "$root/share/doc/deploylint/copyright"; do
	if [ -f "$f" ]; then ok; else bad "not installed: ${f#"$dest"}"; fi
done
if [ -x "$root/bin/deploylint" ]; then ok; else bad "installed binary is not executable"; fi
check "installed --version" "$("$bin" --version)" "$("$root/bin/deploylint" --version 2>&1)"
if cmp -s "$src/deploylint.1" "$root/share/man/man1/deploylint.1"; then ok; else bad "installed man page differs from deploylint.1"; fi
# The DESTDIR holds nothing but these seven files.
check "installed files" 7 "$(find "$dest" -type f | wc -l | tr -d ' ')"

"$bin" --list-rules --format json | python3 -c '
import json, sys
for r in json.load(sys.stdin): print(r["id"])' >"$tmp/ids"
sed 's/[0-9]*$//' "$tmp/ids" | uniq >"$tmp/families"
"$bin" --help | grep -o -- '--[a-z][a-z-]*' | sort -u >"$tmp/help-opts"
if [ ! -s "$tmp/ids" ] || [ ! -s "$tmp/help-opts" ]; then bad "no rule ids or no options from $bin"; fi

# bash: loads with a `complete` spec, then completes like a user's TAB.
out=$(bash -c '. "$1" && complete -p deploylint' sh "$bashc" 2>&1)
check "bash complete -p" "complete -F _deploylint deploylint" "$out"
bcomp() { # bcomp WORD... : what TAB offers for the last WORD
	bash -c '. "$0"; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _deploylint
		printf "%s\n" "${COMPREPLY[@]}"' "$bashc" deploylint "$@" | sort
}
check "bash --explain ids" "$(cat "$tmp/ids")" "$(bcomp --explain '')"
check "bash --explain alm00" "$(grep '^ALM00' "$tmp/ids")" "$(bcomp --explain alm00)"
check "bash --select= list" "$( (echo SEC; grep '^SEC' "$tmp/ids") | sed 's/^/ALM,/')" "$(bcomp --select = ALM,sec)"
check "bash --ignore families" "$(sort "$tmp/families" "$tmp/ids")" "$(bcomp --ignore '')"
check "bash --fail-on" "error" "$(bcomp --fail-on e)"
check "bash graph --format" "dot" "$(bcomp graph --format d)"
check "bash subcommand" "heads" "$(cd "$tmp/empty" && bcomp hea)"
check "bash options" "$(cat "$tmp/help-opts")" "$(bcomp -- | grep -Fx -f "$tmp/help-opts")"

# fish: the real completion engine (complete -C) on the installed file.
fcomp() { # fcomp COMMANDLINE
	# shellcheck disable=SC2016 # fish expands its own $argv
	fish -c 'source $argv[1]; complete -C $argv[2]' "$fishc" "$1" | cut -f1 | sort
}
check "fish --explain ids" "$(cat "$tmp/ids")" "$(fcomp 'deploylint --explain ')"
check "fish --select list" "$(grep '^DB' "$tmp/ids" | sed 's/^/ENV001,/')" "$(fcomp 'deploylint --select ENV001,DB0' | grep '^ENV001,DB0')"
check "fish --fail-on" "$(printf 'error\nnever\nnote\nwarning')" "$(fcomp 'deploylint --fail-on ')"
check "fish subcommands" "$(printf 'baseline\nconfig\nenv\ngraph\nheads')" "$(cd "$tmp/empty" && fcomp 'deploylint ')"
check "fish options" "$(cat "$tmp/help-opts")" "$(fcomp 'deploylint --' | grep -Fx -f "$tmp/help-opts")"

# zsh: the file parses, its rule ids and families are the registry's, and
# every long option of --help has an _arguments spec. (A TAB needs a
# terminal: zsh's completion system runs only inside the line editor.)
if zsh -n "$zshc" 2>"$tmp/zsh.err"; then ok; else bad "zsh -n: $(cat "$tmp/zsh.err")"; fi
check "zsh rule ids" "$(cat "$tmp/ids")" \
	"$(zsh -c 'eval "$(grep "^_deploylint_rules=" "$1")"; print -l $_deploylint_rules' zsh "$zshc")"
check "zsh families" "$(cat "$tmp/families")" \
	"$(zsh -c 'eval "$(grep "^_deploylint_families=" "$1")"; print -l $_deploylint_families' zsh "$zshc")"
check "zsh options" "$(cat "$tmp/help-opts")" \
	"$(grep -o -- "--[a-z][a-z-]*" "$zshc" | sort -u | grep -Fx -f "$tmp/help-opts")"
out=$(zsh -fc 'fpath=("${1:h}" $fpath); autoload -U compinit && compinit -u -d "$2/zcd" &&
	print ${_comps[deploylint]:-none}' zsh "$zshc" "$tmp" 2>&1)
check "zsh compinit finds #compdef" "_deploylint" "$out"

# No CMAKE_BUILD_TYPE: a single-config generator builds Release.
if cmake -S "$src" -B "$tmp/cfg" -DDL_TESTS=OFF >"$tmp/cfg.log" 2>&1; then
	check "default build type" "Release" \
		"$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$tmp/cfg/CMakeCache.txt")"
else
	bad "configure without a build type failed: $(tail -n 5 "$tmp/cfg.log")"
fi

echo "install: $pass passed, $failed failed"
[ "$failed" = 0 ]
