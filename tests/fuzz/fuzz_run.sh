#!/bin/sh
# fuzz_run.sh SCRATCH FUZZER [libFuzzer flags...] SEEDS: one fixed fuzzing walk for CTest.
# SCRATCH is emptied and given first, so the inputs libFuzzer adds land there and not in the
# committed SEEDS, and every walk starts from the same corpus. Address randomisation is
# turned off when the kernel allows it: with it on, heap addresses change which branches
# pointer-keyed containers take, the coverage feedback differs and so would the walk.
set -eu
scratch=$1
shift
rm -rf "$scratch"
mkdir -p "$scratch"
fuzzer=$1
shift
if setarch "$(uname -m)" -R true 2>/dev/null; then
  exec setarch "$(uname -m)" -R "$fuzzer" -reload=0 "$@"
fi
exec "$fuzzer" -reload=0 "$@"
