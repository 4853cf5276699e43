#!/usr/bin/env python3
"""Cold starts of an Azure-day replay (bench/azure_day_scenario.py), from its
JSON report (`lambdasim run azure-day.yaml --json report.json`), in the form
Shahrad et al. (USENIX ATC 2020, "Serverless in the Wild") report them for a
fixed keep-alive: per application, the share of its invocations that were
cold starts, as a distribution over applications (their CDF; the 3rd
quartile is the x-axis of their cold-start / wasted-memory trade-off).

    python3 bench/azure_day_summary.py report.json
        [--scenario DIR/azure-day.yaml] [--sample DIR] [--keep-alive-minutes 10]

Prints up to three views of the same question:

1. simulated: lambdasim's per-function cold starts (one environment per
   concurrent request, as on Lambda), from the report;
2. with --scenario: the paper's model on the same per-minute counts: one
   warm instance per unit, kept for the keep-alive after its last invoked
   minute; the first invocation of a minute is cold when the unit was last
   invoked more than the keep-alive earlier, every other one is warm. The
   gap between 1 and 2 is the cold starts that scale-out adds (concurrent
   requests needing more environments), which the paper's model leaves out;
3. with --sample: the paper's model on the real sample rows (their 8-hour
   window), per function and per application (HashApp: the functions of an
   app share one instance, as Azure allocates per app). The synthetic day
   has no applications of its own (each of its functions is an independent
   rotated copy of a sample row), so this is the only per-application view.
"""
import argparse
import csv
import json
import os
import re
import sys
from collections import defaultdict

QUANTILES = (0.25, 0.5, 0.75, 0.9)
CDF_POINTS = (1.0, 10.0, 25.0, 50.0, 75.0)  # percent cold; "<= x" shares


def quantile(sorted_values, q):
    if not sorted_values:
        return float("nan")
    i = min(len(sorted_values) - 1, max(0, int(round(q * (len(sorted_values) - 1)))))
    return sorted_values[i]


def describe(label, unit, pairs):
    """pairs: (cold starts, invocations) per unit; units never invoked are
    left out, as in the paper's per-application CDF."""
    shares = sorted(100.0 * cold / total for cold, total in pairs if total > 0)
    n = len(shares)
    cold_sum = sum(cold for cold, total in pairs)
    total_sum = sum(total for cold, total in pairs)
    print(f"{label}: {n} {unit}s invoked, {total_sum} invocations, {cold_sum} cold "
          f"({100.0 * cold_sum / max(total_sum, 1):.2f} %)")
    print(f"  cold-start share per {unit}: "
          + ", ".join(f"p{int(q * 100)} {quantile(shares, q):.1f} %" for q in QUANTILES))
    always = sum(1 for s in shares if s >= 99.999)
    cdf = ", ".join(f"<= {x:g} %: {100.0 * sum(1 for s in shares if s <= x) / max(n, 1):.1f} %"
                    for x in CDF_POINTS)
    print(f"  {unit}s with every invocation cold: {always} ({100.0 * always / max(n, 1):.1f} %); "
          f"CDF {cdf}")


def keep_alive_cold_starts(minute_counts, keep_alive_minutes):
    """(cold, invocations) under the paper's model: one instance, warm when
    the previous invoked minute is at most keep_alive_minutes earlier."""
    cold, total, last = 0, 0, None
    for minute, count in enumerate(minute_counts):
        if count:
            if last is None or minute - last > keep_alive_minutes:
                cold += 1
            last = minute
            total += count
    return cold, total


def read_count_row(path):
    """The per-minute counts of an Azure-format file's single data row."""
    with open(path, newline="") as f:
        reader = csv.reader(f)
        next(reader)
        row = next(reader)
    return [int(x) for x in row[4:]]


def scenario_count_files(scenario):
    """(function name, counts file) of each workload of a generated scenario."""
    folder = os.path.dirname(os.path.abspath(scenario))
    pattern = re.compile(r'^  - function: (\S+)\n.*?file: "([^"]+)"', re.M | re.S)
    with open(scenario) as f:
        text = f.read().split("\nworkloads:\n", 1)[1]
    return [(name, os.path.join(folder, rel)) for name, rel in pattern.findall(text)]


def sample_rows(sample):
    """(HashApp, per-minute counts) of each row of the sample's invocations."""
    with open(os.path.join(sample, "invocations.csv"), newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        minutes = [i for i, h in enumerate(header) if h.isdigit()]
        return [(row[1], [int(row[i]) for i in minutes]) for row in reader]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("report", help="lambdasim run --json report of the replay")
    parser.add_argument("--scenario", help="the replay's azure-day.yaml (adds view 2)")
    parser.add_argument("--sample", help="the Azure 2019 sample folder (adds view 3)")
    parser.add_argument("--keep-alive-minutes", type=int, default=10)
    args = parser.parse_args()

    with open(args.report) as f:
        report = json.load(f)
    horizon_minutes = int(round(report["horizon_s"] / 60.0))
    simulated = {name: (s["cold_starts"], s["invocations"])
                 for name, s in report["functions"].items()}
    print(f"horizon {horizon_minutes} min, keep-alive {args.keep_alive_minutes} min")
    describe("1 simulated (lambdasim, per function)", "function", list(simulated.values()))

    if args.scenario:
        modelled = {}
        for name, path in scenario_count_files(args.scenario):
            counts = read_count_row(path)[:horizon_minutes]
            modelled[name] = keep_alive_cold_starts(counts, args.keep_alive_minutes)
        describe("2 paper's model on the same counts (per function)", "function",
                 list(modelled.values()))
        # Invocations differ slightly where requests were still running at the end.
        extra = sum(simulated[n][0] for n in modelled if n in simulated) - sum(
            c for c, _ in modelled.values())
        print(f"  cold starts the simulation adds (scale-out, and arrivals spread "
              f"within minutes): {extra}")

    if args.sample:
        rows = sample_rows(args.sample)
        per_function = [keep_alive_cold_starts(counts, args.keep_alive_minutes)
                        for _, counts in rows]
        apps = defaultdict(lambda: [0] * len(rows[0][1]))
        for app, counts in rows:
            apps[app] = [a + b for a, b in zip(apps[app], counts)]
        per_app = [keep_alive_cold_starts(counts, args.keep_alive_minutes)
                   for counts in apps.values()]
        window = len(rows[0][1])
        describe(f"3 paper's model on the sample ({window} min, per function)", "function",
                 per_function)
        describe(f"3 paper's model on the sample ({window} min, per application)", "app",
                 per_app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
