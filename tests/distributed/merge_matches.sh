# Sourced by shards.sh and quoted.sh: one process's outputs, then for each
# shard count k in SHARD_COUNTS the run split into k shards on alternating
# engines (they compute the same bits) and merged, which must print the same
# bytes in table, JSON, CSV and the per-scenario CSV.
# Needs: sluice, deal, n, seed, fail.
"$sluice" run "$deal" -n "$n" --seed "$seed" --threads 2 --format json > one.json
"$sluice" run "$deal" -n "$n" --seed "$seed" --threads 2 --format csv --scenarios-out one-scen.csv > one.csv
"$sluice" run "$deal" -n "$n" --seed "$seed" --threads 2 > one.txt
for k in $SHARD_COUNTS; do
  for ((i = 0; i < k; i++)); do
    engine=jit; ((i % 2)) && engine=interp
    "$sluice" run "$deal" -n "$n" --seed "$seed" --threads 1 --engine $engine --shard $i/$k --out part$k-$i.bin
  done
  "$sluice" merge part$k-*.bin --format json > merged$k.json
  cmp one.json merged$k.json || fail "k=$k: merged JSON differs from the one-process run"
  "$sluice" merge part$k-*.bin --format csv --scenarios-out merged$k-scen.csv > merged$k.csv
  cmp one.csv merged$k.csv || fail "k=$k: merged CSV differs"
  cmp one-scen.csv merged$k-scen.csv || fail "k=$k: merged per-scenario CSV differs"
  "$sluice" merge $(ls part$k-*.bin | sort -r) > merged$k.txt
  cmp one.txt merged$k.txt || fail "k=$k: merged table differs"
done
