#!/usr/bin/env python3
"""Cold starts of an Azure trace replay, from its JSON report, in the form
Shahrad et al. (USENIX ATC 2020, "Serverless in the Wild") report them for a
fixed keep-alive: per application, the share of its invocations that were
cold starts, as a distribution over applications (their CDF; its 3rd
quartile is the x-axis of their cold-start / wasted-memory trade-off).

    python3 bench/azure_day_summary.py report.json [--scenario SCENARIO.yaml]
        [--keep-alive-minutes 10]

The replay is either the synthetic day of bench/azure_day_scenario.py or any
`lambdasim azure2scenario` scenario (e.g. all 500 rows of the sample, run
with --set platform.keep_alive=10m). Prints:

- simulated, per function: lambdasim's cold starts (one environment per
  concurrent request, as on Lambda), from the report;
- with --scenario, per function and per application:
  - the paper's model on the same per-minute counts: one warm instance per
    application, kept for the keep-alive after its last invoked minute; the
    first invocation of a minute is cold when the application was last
    invoked more than the keep-alive earlier, every other one is warm. What
    the simulation has beyond it is scale-out (concurrent requests needing
    more environments) and arrival times within the minute;
  - simulated, per application: the cold starts and invocations of its
    functions added up (Lambda has no application: each function has its
    own environments, where Azure loads an application's functions together).
  An application is the trace's HashApp within one counts file. The synthetic
  day writes one file per function, so there every function is its own
  application: it has none of its own (each function is an independent,
  rotated copy of a sample row), so its per-application view is its
  per-function one, and the sample's replay is the one with real apps.
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
    cold_sum = sum(cold for cold, _ in pairs)
    total_sum = sum(total for _, total in pairs)
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
    the previous invoked minute is at most keep_alive_minutes earlier.

    >>> keep_alive_cold_starts([1, 0, 3] + [0] * 10 + [2], 10)  # gaps 2 and 11
    (2, 6)
    >>> keep_alive_cold_starts([1] + [0] * 9 + [1], 10)  # a gap of exactly 10
    (1, 2)
    >>> keep_alive_cold_starts([0, 0], 10)
    (0, 0)
    """
    cold, total, last = 0, 0, None
    for minute, count in enumerate(minute_counts):
        if count:
            if last is None or minute - last > keep_alive_minutes:
                cold += 1
            last = minute
            total += count
    return cold, total


class CountFiles:
    """Azure-format invocation files, each read once: rows of
    (HashApp, HashFunction, per-minute counts)."""

    def __init__(self):
        self.rows = {}

    def row(self, path, which):
        """which: ("index", N) for the N-th data row, ("prefix", P) for the
        row whose HashFunction starts with P."""
        if path not in self.rows:
            with open(path, newline="") as f:
                reader = csv.reader(f)
                header = next(reader)
                minutes = [i for i, h in enumerate(header) if h.isdigit()]
                self.rows[path] = [(r[1], r[2], [int(r[i]) for i in minutes]) for r in reader]
        rows = self.rows[path]
        kind, value = which
        if kind == "index":
            return rows[value]
        matches = [r for r in rows if r[1].startswith(value)]
        if len(matches) != 1:
            sys.exit(f"{path}: {len(matches)} rows match HashFunction prefix {value}")
        return matches[0]


def replayed_rows(scenario):
    """(function, counts file, row) of each trace workload of a scenario
    written by azure_day_scenario.py or azure2scenario (flow or block style)."""
    folder = os.path.dirname(os.path.abspath(scenario))
    with open(scenario) as f:
        text = f.read().split("\nworkloads:\n", 1)[1]
    out = []
    for block in re.split(r"\n(?=  - function: )", text):
        name = re.search(r"- function: (\S+)", block)
        file = re.search(r'file: "([^"]+)"', block)
        row = re.search(r'row: (?:"([0-9a-f]+)"|(\d+))', block)  # quoted: a hash prefix
        if name and file and row:
            which = ("prefix", row.group(1)) if row.group(1) else ("index", int(row.group(2)))
            out.append((name.group(1), os.path.join(folder, file.group(1)), which))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("report", help="lambdasim run --json report of the replay")
    parser.add_argument("--scenario", help="the replayed scenario (adds the paper's model "
                        "and the per-application view)")
    parser.add_argument("--keep-alive-minutes", type=int, default=10)
    args = parser.parse_args()

    with open(args.report) as f:
        report = json.load(f)
    horizon_minutes = int(round(report["horizon_s"] / 60.0))
    simulated = {name: (s["cold_starts"], s["invocations"])
                 for name, s in report["functions"].items()}
    print(f"horizon {horizon_minutes} min, keep-alive {args.keep_alive_minutes} min")
    describe("simulated (lambdasim), per function", "function", list(simulated.values()))
    if not args.scenario:
        return 0

    files = CountFiles()
    app_counts = {}
    app_simulated = defaultdict(lambda: [0, 0])
    modelled = []
    for name, path, which in replayed_rows(args.scenario):
        app, _, counts = files.row(path, which)
        counts = counts[:horizon_minutes]
        modelled.append(keep_alive_cold_starts(counts, args.keep_alive_minutes))
        key = (path, app)
        merged = app_counts.get(key)
        app_counts[key] = counts if merged is None else [a + b for a, b in zip(merged, counts)]
        cold, total = simulated[name]
        app_simulated[key][0] += cold
        app_simulated[key][1] += total
    describe("paper's model on the same counts, per function", "function", modelled)
    if len(app_counts) == len(modelled):
        print("every function is its own application (as in the synthetic day): the "
              "per-application view is the per-function one")
        return 0
    describe("paper's model on the same counts, per application", "app",
             [keep_alive_cold_starts(c, args.keep_alive_minutes) for c in app_counts.values()])
    describe("simulated (lambdasim), per application", "app",
             [tuple(v) for v in app_simulated.values()])
    return 0


if __name__ == "__main__":
    sys.exit(main())
