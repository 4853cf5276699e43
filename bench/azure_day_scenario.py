#!/usr/bin/env python3
"""An Azure-day replay scenario for the fleet benchmark (issue #20).

    python3 bench/azure_day_scenario.py OUT_DIR [--functions 46000] [--hours 24]
        [--sample /work/shared/data/azure-functions-2019] [--lambdasim build/lambdasim]
        [--keep-alive 10m] [--seed 2019]

The Azure Functions 2019 trace has ~46,000 functions a day (Shahrad et al.,
USENIX ATC 2020); the full trace cannot be fetched here, only a 500-function
sample of it (8 hours of per-minute counts, minutes 480-959, with the
day's duration percentiles and the app's memory; see the sample's README).
This script builds a day of the same shape from that sample, reproducibly
(fixed seed, Python's Mersenne Twister):

- each of the N synthetic functions is one of the sample's 500 functions,
  drawn uniformly with replacement, so the rates, durations and memory keep
  the sample's joint distribution (about N/500 copies of each);
- its per-minute counts are that function's 480 minutes repeated over the
  day, rotated by a random offset (0-479 minutes), so that the copies do not
  burst in the same minute;
- its memory, timeout, INIT assumption and lognormal duration are what
  `lambdasim azure2scenario` fits to the sample row (one fit, then copied).

Files written to OUT_DIR: azure-day.yaml (the scenario: horizon = --hours,
warm-up 0, a fixed keep-alive, an account limit that never binds; the
aws-2025 preset's 2-hour environment lifetime is kept, so cold starts come
from the keep-alive, scale-out and that lifetime: add --set
platform.max_environment_lifetime=never to a run to see the keep-alive's
alone) and counts/N/fI.csv, one
Azure-format invocations file per function (header + one row). One file per
function dates from when the loader read a trace file once per workload;
since the loader reads each file once per load (models/config's
AzureCountsCache) one 46,000-row file would do as well, and the files are
kept so that the measured day's scenario stays the same.

Used in the README's speed table (run with `lambdasim run azure-day.yaml
--threads 1 --json ...` under /usr/bin/time).
"""
import argparse
import csv
import os
import random
import re
import subprocess
import sys


def fitted_functions(lambdasim, sample):
    """The sample's 500 functions as azure2scenario fits them: for each data
    row, its name and its YAML block (the lines under `functions:`)."""
    with open(os.path.join(sample, "invocations.csv"), newline="") as f:
        rows = sum(1 for _ in f) - 1
    args = [lambdasim, "azure2scenario",
            "--invocations", os.path.join(sample, "invocations.csv"),
            "--durations", os.path.join(sample, "durations.csv"),
            "--memory", os.path.join(sample, "memory.csv")]
    for r in range(rows):
        args += ["--row", str(r)]
    text = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    body = text.split("\nfunctions:\n", 1)[1].split("\nworkloads:\n", 1)[0]
    blocks = []
    for chunk in re.split(r"\n(?=  [^ #])", body.strip("\n")):
        name, rest = chunk.split(":", 1)
        blocks.append((name.strip(), rest))
    if len(blocks) != rows:
        sys.exit(f"expected {rows} functions from azure2scenario, got {len(blocks)}")
    return blocks


def sample_counts(sample):
    with open(os.path.join(sample, "invocations.csv"), newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        minutes = [i for i, h in enumerate(header) if h.isdigit()]
        return [(row[3], [int(row[i]) for i in minutes]) for row in reader]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", help="output folder (created)")
    parser.add_argument("--functions", type=int, default=46000)
    parser.add_argument("--hours", type=int, default=24)
    parser.add_argument("--sample", default="/work/shared/data/azure-functions-2019")
    parser.add_argument("--lambdasim", default="build/lambdasim")
    parser.add_argument("--keep-alive", default="10m", help="fixed keep-alive (a duration)")
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args()
    if args.functions < 1 or not 1 <= args.hours <= 24:
        parser.error("--functions >= 1 and --hours 1..24")

    blocks = fitted_functions(args.lambdasim, args.sample)
    counts = sample_counts(args.sample)
    minutes = 60 * args.hours
    rng = random.Random(args.seed)
    os.makedirs(os.path.join(args.out, "counts"), exist_ok=True)
    header = "HashOwner,HashApp,HashFunction,Trigger," + ",".join(
        str(m + 1) for m in range(minutes)) + "\n"

    functions, workloads = [], []
    total = 0
    for i in range(args.functions):
        j = rng.randrange(len(blocks))
        offset = rng.randrange(len(counts[j][1]))
        trigger, row = counts[j]
        day = [row[(m + offset) % len(row)] for m in range(minutes)]
        total += sum(day)
        folder = os.path.join(args.out, "counts", str(i // 1000))
        os.makedirs(folder, exist_ok=True)
        rel = f"counts/{i // 1000}/f{i}.csv"
        with open(os.path.join(args.out, rel), "w") as f:
            f.write(header)
            f.write(f"o,a,f{i},{trigger}," + ",".join(map(str, day)) + "\n")
        name, block = blocks[j]
        functions.append(f"  f{i}-{name}:{block}\n")
        workloads.append(f"  - function: f{i}-{name}\n"
                         f"    invocation: sync\n"
                         f"    arrivals: {{process: trace, format: azure-2019, "
                         f"file: \"{rel}\", row: 0}}\n")

    with open(os.path.join(args.out, "azure-day.yaml"), "w") as out:
        out.write(f"# Generated by bench/azure_day_scenario.py --functions {args.functions} "
                  f"--hours {args.hours} --keep-alive {args.keep_alive} --seed {args.seed}\n"
                  f"# from the 500-function Azure Functions 2019 sample ({args.sample}):\n"
                  f"# {total} requests. Data: Shahrad et al., USENIX ATC 2020 (CC BY 4.0).\n")
        out.write(f"scenario: azure-day-{args.functions}\nseed: 1\nhorizon: {minutes}m\n"
                  f"warmup: 0s\nreplications: 1\n")
        out.write(f"platform:\n  preset: aws-2025\n  keep_alive: {args.keep_alive}\n"
                  f"  account_concurrency: 10000000\n")
        out.write("functions:\n")
        out.writelines(functions)
        out.write("workloads:\n")
        out.writelines(workloads)
    print(f"{args.functions} functions, {minutes} minutes, {total} requests", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
