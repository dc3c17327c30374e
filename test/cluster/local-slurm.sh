#!/usr/bin/env bash
# A single-node Slurm on this machine, for the real-Slurm test: `start` runs munged, slurmctld and
# slurmd as root without systemd (settings measured to work in containers like CI's), `stop` ends
# them by their own pid files. Exit 3 means Slurm is not available here (not installed, not root).
set -euo pipefail

PIDS=/run/uvchaos-slurm
CONF=/etc/slurm/slurm.conf

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop_one() { # pid file
  if alive "$1"; then
    local pid; pid=$(cat "$1")
    kill "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$1"
}

case "${1:-}" in
start)
  [ "$(id -u)" -eq 0 ] || { echo "local-slurm: needs root to start munged, slurmctld and slurmd"; exit 3; }
  for bin in munged mungekey slurmctld slurmd sbatch squeue sinfo; do
    command -v "$bin" >/dev/null || { echo "local-slurm: $bin not found; install Debian's slurm-wlm and munge"; exit 3; }
  done
  mkdir -p "$PIDS" /etc/munge /var/lib/munge /var/log/munge /run/munge /etc/slurm \
    /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
  # munge: a key owned by munge, mode 0400; the daemon runs as munge
  [ -s /etc/munge/munge.key ] || mungekey --create --keyfile=/etc/munge/munge.key
  chown -R munge:munge /etc/munge /var/lib/munge /var/log/munge /run/munge
  chmod 0700 /etc/munge; chmod 0400 /etc/munge/munge.key
  if ! alive /run/munge/munged.pid; then runuser -u munge -- munged; fi
  cp /run/munge/munged.pid "$PIDS/munged.pid"

  cpus=$(nproc)
  memory=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 256 ))
  cat > "$CONF" <<CONF
# written by uvchaos test/cluster/local-slurm.sh: one node, no accounting, no cgroups
ClusterName=uvchaos
SlurmctldHost=localhost
SlurmUser=slurm
SlurmctldPidFile=$PIDS/slurmctld.pid
SlurmdPidFile=$PIDS/slurmd.pid
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/pgid
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
NodeName=localhost CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=local Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
  chown slurm:slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
  alive "$PIDS/slurmctld.pid" || slurmctld
  alive "$PIDS/slurmd.pid" || slurmd -N localhost
  for _ in $(seq 120); do
    state=$(sinfo -h -n localhost -o %t 2>/dev/null || true)
    case "$state" in idle*|mix*|alloc*) echo "local-slurm: up ($cpus CPUs, ${memory} MB)"; exit 0 ;; esac
    sleep 0.5
  done
  echo "local-slurm: the node did not come up (state: ${state:-none}); see /var/log/slurm/"
  exit 1
  ;;
stop)
  stop_one "$PIDS/slurmd.pid"
  stop_one "$PIDS/slurmctld.pid"
  stop_one "$PIDS/munged.pid"
  ;;
*)
  echo "usage: local-slurm.sh start|stop"; exit 2 ;;
esac
