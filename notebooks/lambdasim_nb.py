"""Helpers shared by the notebooks: find the lambdasim binary, run it, and
read its outputs (the JSON report, schema lambdasim.report/1, and the CSV
time series). The notebooks only read those outputs: nothing here knows the
simulator's internals."""
import json
import os
import pathlib
import shutil
import subprocess
import tempfile

import pandas as pd

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


def binary():
    """$LAMBDASIM, else build/lambdasim (or another build*/ folder), else PATH."""
    if os.environ.get("LAMBDASIM"):
        return os.environ["LAMBDASIM"]
    for candidate in [ROOT / "build" / "lambdasim", *sorted(ROOT.glob("build*/lambdasim"))]:
        if candidate.is_file():
            return str(candidate)
    found = shutil.which("lambdasim")
    if found:
        return found
    raise FileNotFoundError("lambdasim not found: build it (bash tools/dev.sh build) "
                            "or set LAMBDASIM=/path/to/lambdasim")


def workdir(name):
    """A fresh scratch folder for one notebook's outputs."""
    path = pathlib.Path(tempfile.gettempdir()) / "lambdasim-notebooks" / name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def run(scenario, *options, out=None, interval=None, html=False):
    """`lambdasim run SCENARIO --quiet --json ...` (plus --csv with an
    interval, --html when asked). Returns (report dict, series DataFrame or
    None). Raises RuntimeError with lambdasim's message when it fails."""
    out = pathlib.Path(out) if out else pathlib.Path(tempfile.mkdtemp(prefix="lambdasim-nb-"))
    out.mkdir(parents=True, exist_ok=True)
    args = [binary(), "run", str(scenario), "--quiet", "--json", str(out / "report.json"),
            *[str(o) for o in options]]
    if interval:
        args += ["--csv", str(out / "csv"), "--interval", interval]
    if html:
        args += ["--html", str(out / "report.html")]
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError("lambdasim failed (exit %d): %s" % (done.returncode, done.stderr.strip()))
    report = json.loads((out / "report.json").read_text())
    series = pd.read_csv(out / "csv" / "series.csv") if interval else None
    return report, series


def functions_table(report):
    """One row per function with the headline numbers of a report."""
    rows = []
    for name, f in report["functions"].items():
        rows.append({"function": name, "arrivals": f["arrivals"], "throttled": f["throttled"],
                     "cold_start_%": 100 * f["cold_start_ratio"],
                     "p50_ms": f["latency_ms"]["p50"], "p99_ms": f["latency_ms"]["p99"],
                     "concurrency_mean": f["concurrency"]["mean"],
                     "cost_usd": f["cost_usd"]["total"]})
    return pd.DataFrame(rows).set_index("function")
