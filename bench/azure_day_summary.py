#!/usr/bin/env python3
"""Cold starts of an Azure-day replay (bench/azure_day_scenario.py), from its
JSON report (`lambdasim run azure-day.yaml --json report.json`).

    python3 bench/azure_day_summary.py report.json

Prints the share of invocations that were cold starts, over all of them and
per function (the distribution over functions, the form in which Shahrad et
al., USENIX ATC 2020, report cold starts under fixed keep-alive policies:
per application, a CDF of the percentage of cold-start invocations).
"""
import json
import sys


def quantile(sorted_values, q):
    if not sorted_values:
        return float("nan")
    i = min(len(sorted_values) - 1, max(0, int(round(q * (len(sorted_values) - 1)))))
    return sorted_values[i]


def main() -> int:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        report = json.load(f)
    totals = report["totals"]
    print(f"invocations {totals['invocations']:.0f}, cold starts {totals['cold_starts']:.0f} "
          f"({100.0 * totals['cold_starts'] / max(totals['invocations'], 1):.2f} %)")
    shares = sorted(100.0 * s["cold_starts"] / s["invocations"]
                    for s in report["functions"].values() if s["invocations"] > 0)
    print(f"functions invoked: {len(shares)}; cold-start share per function: "
          + ", ".join(f"p{int(q * 100)} {quantile(shares, q):.1f} %"
                      for q in (0.25, 0.5, 0.75, 0.9)))
    always = sum(1 for s in shares if s >= 99.999)
    print(f"functions whose every invocation was cold: {always} "
          f"({100.0 * always / max(len(shares), 1):.1f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
