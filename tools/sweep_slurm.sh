#!/bin/bash
# A Slurm array job that runs a lambdasim sweep: one array task per shard.
# The sweep folder (and the scenario the manifest names, by absolute path)
# must be on storage every node sees.
#
#   lambdasim sweep scenario.yaml --grid 'functions.api.memory_mb=[512,1024,2048]' \
#       --grid 'workloads[0].arrivals.rate=[10/s..1000/s log 8]' --out /shared/sweep --plan-only
#   job=$(sbatch --parsable --array=0-15 tools/sweep_slurm.sh /shared/sweep/manifest.json)
#   sbatch --dependency=afterany:$job --wrap \
#       'lambdasim collect /shared/sweep --json /shared/sweep/results.json --csv /shared/sweep/results.csv'
#
# Each task takes K from SLURM_ARRAY_TASK_ID (minus SLURM_ARRAY_TASK_MIN) and N
# from SLURM_ARRAY_TASK_COUNT, runs the points with index K mod N on the cores
# it was given, and writes each point's result as soon as it is done. A task
# that fails or is pre-empted can simply be run again (sbatch --array=K ...):
# it skips the points already written. LAMBDASIM names the binary (default:
# lambdasim on PATH).
#SBATCH --job-name=lambdasim-sweep
#SBATCH --cpus-per-task=4
#SBATCH --time=01:00:00
#SBATCH --output=lambdasim-sweep-%A_%a.out
set -euo pipefail

manifest=${1:?usage: sbatch --array=0-<N-1> sweep_slurm.sh DIR/manifest.json}
lambdasim=${LAMBDASIM:-lambdasim}
exec "$lambdasim" sweep --manifest "$manifest" --threads "${SLURM_CPUS_PER_TASK:-0}"
