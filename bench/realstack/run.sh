#!/bin/sh
# Extract the realstack corpus (when needed) and run a deploylint binary on it.
# Usage: sh bench/realstack/run.sh BINARY [CORPUS_DIR] [measure.py options]
# (default CORPUS_DIR /work/corpus-realstack; MIRROR as for setup.sh)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { echo "usage: sh bench/realstack/run.sh BINARY [CORPUS_DIR] [options]" >&2; exit 2; }
bin=$1
shift
corpus=/work/corpus-realstack
if [ $# -ge 1 ] && [ "${1#-}" = "$1" ]; then corpus=$1; shift; fi
sh "$here/setup.sh" "$corpus"
exec python3 "$here/measure.py" "$bin" --corpus "$corpus" "$@"
