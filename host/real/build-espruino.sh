#!/usr/bin/env bash
# Builds the Espruino interpreters the real-interpreter suite runs, from
# Espruino's public source at a pinned commit:
#
#   espruino           Espruino's Linux build: GPIO through files under the
#                      working directory, variables grow as needed. The suite
#                      runs this one.
#   espruino-pico      the same as a board: 32-bit, static, a fixed pool of
#                      5,100 variables (an Espruino Pico), flash read from a
#                      copy in memory.
#   espruino-original  the same with 2,756 variables (an Espruino Original).
#
# The changes to Espruino's source are ours, in host/real/espruinoPatches.ts.
#
# Usage: host/real/build-espruino.sh [--src DIR] [--out DIR] [--only NAME]
#   --src DIR    an Espruino git work tree to build in (it is checked out at
#                the pinned commit and its patched files restored after);
#                default: a clone made in .tmp/espruino-src (needs network
#                access to github.com the first time)
#   --out DIR    where the binaries go; default .espruino/bin, where the
#                suite looks first after ESPRUINO_BIN (docs/testing.md)
#   --only NAME  build one of espruino, espruino-pico, espruino-original
#
# Needs git, make, gcc, python3 and, for the two board binaries, 32-bit
# static libraries (Debian: apt-get install git make gcc python3 gcc-multilib).
# About a minute per binary on two cores.
set -euo pipefail

# Espruino 2v29.277: the interpreter the project's figures and quirks
# (docs/bench.md, host-tests/fixtures/quirks.ts) were measured on.
ESPRUINO_COMMIT=${ESPRUINO_COMMIT:-c5ff787b199148c31ef2776fb6f70673cba01a25}
ESPRUINO_REPO=${ESPRUINO_REPO:-https://github.com/espruino/Espruino.git}
PATCHED_FILES=(boards/LINUX.py make/family/LINUX.make targets/linux/jshardware.c)

root=$(cd "$(dirname "$0")/../.." && pwd)
src="" out="$root/.espruino/bin" only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --src) src=${2:?--src needs a folder}; shift 2 ;;
    --out) out=${2:?--out needs a folder}; shift 2 ;;
    --only) only=${2:?--only needs a name}; shift 2 ;;
    -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done
case "$only" in ""|espruino|espruino-pico|espruino-original) ;; *) echo "--only takes espruino, espruino-pico or espruino-original, not $only" >&2; exit 2 ;; esac
want() { [ -z "$only" ] || [ "$only" = "$1" ]; }

missing=()
for tool in git make gcc python3 strip; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
tsx="$root/node_modules/.bin/tsx"
[ -x "$tsx" ] || missing+=("the project's node_modules (npm ci)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "missing: ${missing[*]} (Debian: apt-get install git make gcc python3 binutils; npm ci for the project)" >&2
  exit 1
fi
if want espruino-pico || want espruino-original; then
  probe=$(mktemp)
  if ! echo 'int main(void){return 0;}' | gcc -m32 -static -x c - -o "$probe" 2>/dev/null; then
    rm -f "$probe"
    echo "gcc cannot link 32-bit static programs, which the board binaries are: apt-get install gcc-multilib (or --only espruino)" >&2
    exit 1
  fi
  rm -f "$probe"
fi

if [ -z "$src" ]; then
  src="$root/.tmp/espruino-src"
  if [ ! -d "$src/.git" ]; then
    # Every commit (the build numbers itself by the commits since the last
    # release tag), but file contents only for the one checked out.
    git clone --filter=blob:none --no-checkout "$ESPRUINO_REPO" "$src"
  fi
  git -C "$src" cat-file -e "$ESPRUINO_COMMIT^{commit}" 2>/dev/null || git -C "$src" fetch --tags origin
  git -C "$src" checkout -q --force "$ESPRUINO_COMMIT"
else
  src=$(cd "$src" && pwd)
  [ -d "$src/.git" ] || git -C "$src" rev-parse --git-dir >/dev/null 2>&1 || { echo "$src is not a git work tree of Espruino (the build reads its version from git)" >&2; exit 1; }
  head=$(git -C "$src" rev-parse HEAD)
  if [ "$head" != "$ESPRUINO_COMMIT" ]; then
    git -C "$src" cat-file -e "$ESPRUINO_COMMIT^{commit}" 2>/dev/null || { echo "$src has no commit $ESPRUINO_COMMIT (git fetch it there, or set ESPRUINO_COMMIT to build another, untested)" >&2; exit 1; }
    git -C "$src" checkout -q "$ESPRUINO_COMMIT"
  fi
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)

restore() { git -C "$src" checkout -q "$ESPRUINO_COMMIT" -- "${PATCHED_FILES[@]}"; }
trap restore EXIT

# build NAME PATCH-ARGS...: patch a fresh copy of the files, make, install.
build() {
  local name=$1; shift
  restore
  "$tsx" "$root/host/real/espruinoPatches.ts" "$@" "$src"
  echo "building $name in $src (log: $src/make-$name.log)"
  (cd "$src" && make clean >/dev/null 2>&1 || true)
  if ! (cd "$src" && make BOARD=LINUX RELEASE=1 -j"$(nproc)" >"make-$name.log" 2>&1); then
    tail -30 "$src/make-$name.log" >&2
    echo "the build of $name failed: $src/make-$name.log" >&2
    exit 1
  fi
  strip "$src/bin/espruino"
  cp "$src/bin/espruino" "$out/$name"
  # Standard input must stay open while it runs (at its end the REPL spins).
  local version
  version=$(sleep 1 | timeout 10 "$out/$name" -e 'print(process.env.VERSION);quit()' 2>/dev/null | tr -d '\r' | grep -E '^2v' | head -1 || true)
  echo "built $out/$name: Espruino ${version:-(version not printed)}"
}

want espruino && build espruino linux
want espruino-pico && build espruino-pico board 5100
want espruino-original && build espruino-original board 2756
echo "the real-interpreter suite finds $out/espruino when it is .espruino/bin (the default), or with ESPRUINO_BIN=$out/espruino"
