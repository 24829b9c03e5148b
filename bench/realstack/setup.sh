#!/bin/sh
# Extract every repository of bench/realstack/repos.tsv at its pinned commit
# from the fetched mirrors into $CORPUS/<owner>__<name>/ (default
# /work/corpus-realstack), with the extraction code of bench/precision/setup.sh.
# Usage: sh bench/realstack/setup.sh [CORPUS_DIR]
# Env: MIRROR (default /work/.mirror). Exits 1 when a mirror or commit is missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
REPOS="$here/repos.tsv" exec sh "$here/../precision/setup.sh" "${1:-${CORPUS:-/work/corpus-realstack}}"
