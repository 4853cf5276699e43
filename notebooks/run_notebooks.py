#!/usr/bin/env python3
"""Executes every notebook in this folder headless (nbclient, the python3
kernel) so that they cannot rot; writes the executed copies, with their
plots, into OUT_DIR. Exit code 0 when all ran without an error.

usage: run_notebooks.py OUT_DIR [NOTEBOOK ...]
"""
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

HERE = pathlib.Path(__file__).resolve().parent


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    names = sys.argv[2:] or sorted(p.name for p in HERE.glob("*.ipynb"))
    failed = []
    for name in names:
        nb = nbformat.read(HERE / name, as_version=4)
        start = time.monotonic()
        client = NotebookClient(nb, timeout=600, kernel_name="python3",
                                resources={"metadata": {"path": str(HERE)}})
        try:
            client.execute()
            status = "ok"
        except CellExecutionError as e:
            failed.append(name)
            status = "FAILED\n" + str(e)
        nbformat.write(nb, out / name)
        print("%-28s %5.1f s  %s" % (name, time.monotonic() - start, status), flush=True)
    if failed:
        print("notebooks that failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
