#!/usr/bin/env bash
# `mpirun -np K sluice run ... --mpi` prints, on rank 0 alone, what one
# process prints, to the byte, for K = 1, 2 and 4 (oversubscribed on a
# two-core machine); a rank's failure is reported once, by rank 0.
set -euo pipefail
sluice=$1 deal=$2 work=$3
n=${N:-10000}
rm -rf "$work" && mkdir -p "$work" && cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
# CI runs as root; OpenMPI refuses root unless told twice.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# One machine, no network: shared memory between ranks, loopback for the rest.
export OMPI_MCA_btl=self,vader OMPI_MCA_btl_tcp_if_include=lo OMPI_MCA_oob_tcp_if_include=lo

"$sluice" run "$deal" -n "$n" --seed 11 --threads 2 --format json > one.json
for k in 1 2 4; do
  mpirun --oversubscribe -np $k "$sluice" run "$deal" -n "$n" --seed 11 --threads 1 --format json --mpi > mpi$k.json 2> mpi$k.err ||
    { cat mpi$k.err >&2; fail "mpirun -np $k failed"; }
  cmp one.json mpi$k.json || fail "-np $k: output differs from one process"
done
echo "mpirun -np 1, 2, 4: byte-identical to one process"
mpirun --oversubscribe -np 2 "$sluice" run "$deal" -n 100 --seed 11 --threads 1 --mpi --out mpi-out.txt
"$sluice" run "$deal" -n 100 --seed 11 --threads 1 --out one-out.txt
cmp one-out.txt mpi-out.txt || fail "--out under MPI differs"

# sweep --mpi: every point's scenarios spread over the ranks, one grid printed.
"$sluice" sweep "$deal" --vary advance_A=50%..60%:3 -n 300 --seed 3 --threads 1 --format csv > sweep1.csv
mpirun --oversubscribe -np 3 "$sluice" sweep "$deal" --vary advance_A=50%..60%:3 -n 300 --seed 3 --threads 1 --format csv --mpi > sweep3.csv
cmp sweep1.csv sweep3.csv || fail "sweep --mpi differs from one process"

# A scenario that fails is reported once, by rank 0, as one process reports it.
bad=$(dirname "$deal")/../../tests/golden/montecarlo/fail_mc_nonfinite.deal
rc=0; "$sluice" run "$bad" -n 50 --seed 1 --threads 1 2> bad1.err || rc=$?
[ "$rc" -eq 65 ] || fail "one process: exit $rc on the failing deal"
rc=0; mpirun --oversubscribe -np 2 "$sluice" run "$bad" -n 50 --seed 1 --threads 1 --mpi 2> bad2.err > /dev/null || rc=$?
[ "$rc" -ne 0 ] || fail "mpirun: a failing scenario exited 0"
[ "$(grep -c 'error\[E0901\]' bad2.err)" -eq 1 ] || { cat bad2.err >&2; fail "the failure is not reported exactly once"; }
grep -qF "$(head -1 bad1.err)" bad2.err || fail "the failure differs from one process's"
echo "sweep --mpi and a failing scenario under MPI: as one process"
echo "1 passed, 0 failed"
