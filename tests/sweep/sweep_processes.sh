#!/usr/bin/env bash
# Runs a sweep as separate processes and checks every trial's record.
#
#   sweep_processes.sh MODE PROGRAM WORK_DIR KEY=V1,V2,... [KEY=...]...
#
# MODE: jobs     PROGRAM --sweep ... --jobs 2 --track mlruns (one MLflow run per trial)
#       signals  PROGRAM --sweep ... --jobs 2 with trials that sleep, its parent
#                alone killed by SIGTERM, then SIGINT: the running trials get the
#                signal and end, no other trial starts, the parent dies by it
#       parallel PROGRAM --sweep ... --print-trials | GNU parallel
#       slurm    PROGRAM --sweep ... --slurm-array job.sh, submitted with
#                `sbatch --wait` to a one-node SLURM cluster (munged,
#                slurmctld, slurmd) started here in WORK_DIR and stopped by
#                PID when the script ends, whatever the outcome.
# The expected parameters of trial i are computed here from the axes (last
# axis fastest), independently of the program.
set -euo pipefail

mode=$1 program=$2 work=$3
shift 3
axes=("$@")

rm -rf "$work"
mkdir -p "$work"
cd "$work"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

sweep=(--sweep)
for a in "${axes[@]}"; do sweep+=(-D "$a"); done

# ---- a one-node SLURM cluster of our own ---------------------------------
pids=()
stop_cluster() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
show_logs() {
  local f
  for f in "$work"/cluster/log/*.log "$work"/sweep/*.out "$work"/*/sweep/*.out; do
    [ -f "$f" ] && { echo "---- $f"; tail -n 30 "$f"; }
  done
  return 0
}

start_cluster() {
  local c="$work/cluster" host
  host=$(hostname -s)
  mkdir -p "$c"/{munge,state,spool,log}
  chmod 700 "$c/munge"
  dd if=/dev/urandom of="$c/munge/munge.key" bs=1024 count=1 status=none
  chmod 400 "$c/munge/munge.key"
  /usr/sbin/munged --force --socket="$c/munge/munge.socket" --key-file="$c/munge/munge.key" \
    --pid-file="$c/munge/munged.pid" --log-file="$c/log/munged.log" --seed-file="$c/munge/munged.seed"
  for _ in $(seq 50); do [ -s "$c/munge/munged.pid" ] && break; sleep 0.1; done
  pids+=("$(cat "$c/munge/munged.pid")")

  # Ports of our own, so another cluster on this machine is left alone.
  local base=$((20000 + RANDOM % 20000))
  cat > "$c/slurm.conf" <<EOF
ClusterName=hptest
SlurmctldHost=$host
SlurmctldPort=$base
SlurmdPort=$((base + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$c/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$c/state
SlurmdSpoolDir=$c/spool
SlurmctldPidFile=$c/slurmctld.pid
SlurmdPidFile=$c/slurmd.pid
SlurmctldLogFile=$c/log/slurmctld.log
SlurmdLogFile=$c/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
SlurmdTimeout=30
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF="$c/slurm.conf"
  /usr/sbin/slurmctld -D -c >"$c/log/slurmctld.stdout" 2>&1 &
  pids+=($!)
  /usr/sbin/slurmd -D >"$c/log/slurmd.stdout" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    sinfo -h -o %t 2>/dev/null | grep -qx idle && return 0
    sleep 0.2
  done
  show_logs
  fail "the SLURM node never became idle: $(sinfo 2>&1 || true)"
}

# ---- --jobs: a signal to the parent reaches its trials -------------------------
check_signals() {
  local sig number parent children status c name
  name=$(basename "$program" | cut -c1-15)  # what ps shows: the kernel keeps 15 bytes
  for sig in TERM INT; do
    number=$(kill -l "$sig")
    rm -rf sweep
    # Job control: the parent gets its own process group and does not ignore SIGINT.
    set -m
    "$program" "${sweep[@]}" -D probe.sleep_ms=30000 --jobs 2 > "out-$sig.txt" 2> "err-$sig.txt" &
    parent=$!
    set +m
    children=""
    for _ in $(seq 100); do
      children=$(pgrep -P "$parent" || true)
      [ "$(wc -w <<< "$children")" = 2 ] && break
      sleep 0.1
    done
    trap 'kill -9 $children $parent 2>/dev/null || true' EXIT
    [ "$(wc -w <<< "$children")" = 2 ] || fail "SIG$sig: expected 2 trial processes, found: $children"
    sleep 0.3  # each has run its exec
    for c in $children; do
      [ "$(cat "/proc/$c/comm")" = "$name" ] || fail "trial process $c shows as '$(cat "/proc/$c/comm")', not '$name'"
    done
    kill "-$sig" "$parent"
    status=0
    wait "$parent" || status=$?
    [ "$status" = $((128 + number)) ] || fail "SIG$sig: the parent exited with $status: $(cat "err-$sig.txt")"
    for _ in $(seq 50); do
      kill -0 $children 2>/dev/null || break
      sleep 0.1
    done
    for c in $children; do
      ! kill -0 "$c" 2>/dev/null || fail "SIG$sig: trial process $c still runs after its parent ended"
    done
    trap - EXIT
    for i in 0 1; do
      grep -q "\"error\": \"killed by signal $number\"" "sweep/trial-$i.json" ||
        fail "SIG$sig: trial $i's record: $(cat "sweep/trial-$i.json")"
    done
    [ "$(ls sweep | grep -c '^trial-[0-9]*\.json$')" = 2 ] || fail "SIG$sig: a trial started after the signal: $(ls sweep)"
    grep -q "stopped by signal $number; 4 trials never started" "err-$sig.txt" ||
      fail "SIG$sig: the parent should say so: $(cat "err-$sig.txt")"
  done
  echo "--jobs passed SIGTERM and SIGINT on to its trials"
}

# ---- run the sweep ---------------------------------------------------------
case $mode in
  jobs)
    "$program" "${sweep[@]}" --jobs 2 --track mlruns > out.txt || fail "--jobs exited with $?"
    ;;
  signals)
    check_signals
    exit 0
    ;;
  parallel)
    "$program" "${sweep[@]}" --print-trials > trials.txt
    parallel --will-cite -j 2 < trials.txt > out.txt || fail "parallel exited with $?"
    ;;
  slurm)
    trap 'stop_cluster' EXIT
    start_cluster
    # A working directory and an option value that sbatch reads only quoted.
    mkdir "sp ace#1"
    cd "sp ace#1"
    "$program" "${sweep[@]}" --slurm-array job.sh --slurm-option time=00:05:00 --slurm-option job-name=hp-sweep-test \
      --slurm-option 'comment=a "b" #c'
    grep -q '^#SBATCH --time=00:05:00$' job.sh || fail "job.sh lacks the --slurm-option: $(cat job.sh)"
    grep -qF '#SBATCH --chdir="'"$work"'/sp ace\#1"' job.sh || fail "job.sh: --chdir unquoted: $(cat job.sh)"
    grep -qF '#SBATCH --comment="a \"b\" \#c"' job.sh || fail "job.sh: --comment unquoted: $(cat job.sh)"
    job=$(timeout 120 sbatch --parsable --wait job.sh) || { show_logs; fail "sbatch --wait job.sh failed"; }
    scontrol show job "${job%%;*}" | grep -qF 'Comment=a "b" #c' ||
      fail "sbatch read another comment: $(scontrol show job "${job%%;*}")"
    ;;
  *) fail "unknown mode $mode" ;;
esac

# ---- check the records -----------------------------------------------------
n=1
for a in "${axes[@]}"; do
  IFS=, read -r -a values <<< "${a#*=}"
  n=$((n * ${#values[@]}))
done
ls sweep > /dev/null || fail "no sweep directory"
found=$(ls sweep | grep -c '^trial-[0-9]*\.json$' || true)
[ "$found" = "$n" ] || fail "expected $n records, found $found: $(ls sweep)"
for ((i = 0; i < n; i++)); do
  record="sweep/trial-$i.json"
  [ -f "$record" ] || fail "no record for trial $i"
  grep -q "^  \"trial\": $i,\$" "$record" || fail "$record: wrong index: $(cat "$record")"
  grep -q "^  \"trials\": $n,\$" "$record" || fail "$record: wrong count"
  grep -q '^  "status": 0,$' "$record" || fail "$record: trial $i did not pass: $(cat "$record")"
  rest=$i
  defines=""
  for ((k = ${#axes[@]} - 1; k >= 0; k--)); do
    key=${axes[k]%%=*}
    IFS=, read -r -a values <<< "${axes[k]#*=}"
    v=${values[rest % ${#values[@]}]}
    rest=$((rest / ${#values[@]}))
    defines=" -D $key=$v$defines"
    # Typed as declared: text quoted, a whole double with .0.
    grep -Eq "^    \"$key\": (\"$v\"|$v|$v\\.0),?\$" "$record" ||
      fail "$record: trial $i should have $key=$v: $(cat "$record")"
  done
  grep -q "^  \"rerun\": \"[^ ]*$defines\",\$" "$record" ||
    fail "$record: the rerun line should end with '$defines': $(grep rerun "$record")"
done
# --track: one MLflow run per trial, named trial-I, each with the params its trial read.
if [ "$mode" = jobs ]; then
  [ -d mlruns ] || fail "--track mlruns made no store"
  experiments=$(ls mlruns | grep -Ev '^(0|\.trash)$' || true)
  [ "$(wc -w <<< "$experiments")" = 1 ] || fail "expected one experiment in mlruns, found: $experiments"
  runs=$(find "mlruns/$experiments" -mindepth 1 -maxdepth 1 -type d | sort)
  [ "$(wc -w <<< "$runs")" = "$n" ] || fail "expected $n runs, found: $runs"
  for run in $runs; do
    grep -q '^status: 3$' "$run/meta.yaml" || fail "$run did not end FINISHED: $(cat "$run/meta.yaml")"
    grep -q '^end_time: [0-9]' "$run/meta.yaml" || fail "$run has no end time"
    i=$(sed -n 's/^run_name: trial-\([0-9]*\)$/\1/p' "$run/meta.yaml")
    [ -n "$i" ] || fail "$run is not named trial-I: $(cat "$run/meta.yaml")"
    x=$(cat "$run/params/probe.x")
    grep -Eq "^    \"probe.x\": $x,?\$" "sweep/trial-$i.json" || fail "$run (trial $i) has probe.x=$x"
  done
  [ "$(cat mlruns/*/*/meta.yaml | grep -c '^run_name: trial-')" = "$n" ] || fail "run names repeat"
fi
# A program that prints "x=V ... thread_x=W" (tests/sweep/sweep_probe.cpp) shows what a
# thread it started read: inside a trial's process that must be the trial's value.
outputs=$(cat out.txt sweep/*.out 2>/dev/null || true)
if grep -q 'thread_x=' <<< "$outputs"; then
  lines=$(grep -c 'thread_x=' <<< "$outputs")
  [ "$lines" = "$n" ] || fail "expected $n lines of trial output, found $lines: $outputs"
  wrong=$(grep 'thread_x=' <<< "$outputs" | grep -Ev '^x=(-?[0-9]+) .* thread_x=\1$' || true)
  [ -z "$wrong" ] || fail "a thread inside a trial read another trial's value: $wrong"
fi
echo "all $n trial records are right ($mode)"
