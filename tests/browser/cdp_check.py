#!/usr/bin/env python3
"""Renders an HTML report in headless Chromium and checks it, over the
DevTools protocol on a pipe (--remote-debugging-pipe: no port, no
websocket, no packages beyond the standard library).

Checks: the page loads; no console errors, uncaught exceptions or error log
entries; no request leaves the file (the report must work offline); every
<figure class="chart"> has a laid-out SVG with at least one drawn series,
point or bar; the page's own layout check (run after load, written to
<html data-layout-check>) found no overlapping or cut-off chart labels and
no card value wrapping over more than two lines; clicking a legend entry
hides that series and clicking again shows it. Saves a full-page
screenshot.

usage: cdp_check.py --chromium PATH --page FILE --screenshot OUT.png
                    [--min-charts N] [--timeout SECONDS]
Exit code 0 when every check passes, 1 otherwise (each failure printed).
"""
import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--hide-scrollbars", "--window-size=1400,1000",
         "--remote-debugging-pipe"]

CHART_PROBE = r"""
(() => {
  const figs = [...document.querySelectorAll('figure.chart')];
  return JSON.stringify(figs.map(f => {
    const svg = f.querySelector('svg');
    const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
    const drawn = [...f.querySelectorAll('svg .series, svg .point, svg .bar')].filter(e => {
      const b = e.getBBox();
      return (b.width > 0 || b.height > 0) && getComputedStyle(e).display !== 'none';
    }).length;
    const title = f.querySelector('figcaption strong');
    return {id: f.id, title: title ? title.textContent : '', width: box.width,
            height: box.height, drawn: drawn};
  }));
})()
"""

# What the page found when it checked its own layout after load
# (report_html.cpp's script): overlapping or clipped chart labels, cards
# whose value wraps.
LAYOUT_PROBE = r"""
(() => document.documentElement.dataset.layoutCheck || null)()
"""

# Clicks the first legend entry of the first chart that has one; returns the
# visible elements of that series before, after one click and after two.
LEGEND_PROBE = r"""
(() => {
  const li = document.querySelector('figure.chart .legend li[data-series]');
  if (!li) return JSON.stringify(null);
  const fig = li.closest('figure');
  const sel = 'svg [data-series="' + li.dataset.series + '"]';
  const visible = () => [...fig.querySelectorAll(sel)]
      .filter(e => getComputedStyle(e).display !== 'none').length;
  const counts = [visible()];
  li.click(); counts.push(visible());
  li.click(); counts.push(visible());
  return JSON.stringify({chart: fig.id, counts: counts});
})()
"""


class Browser:
    """Chromium with the DevTools protocol on fds 3 (commands) and 4 (replies)."""

    def __init__(self, chromium, profile, timeout):
        cmd_r, cmd_w = os.pipe()
        out_r, out_w = os.pipe()
        # Park the child's ends above 10 so that dup2 onto 3 and 4 cannot clobber them.
        child_in = os.dup(cmd_r) if cmd_r >= 10 else self._high(cmd_r)
        child_out = os.dup(out_w) if out_w >= 10 else self._high(out_w)
        os.close(cmd_r)
        os.close(out_w)

        def setup():
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        self.log_path = os.path.join(profile, "chromium.log")
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen([chromium] + FLAGS + ["--user-data-dir=" + profile],
                                     stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log,
                                     preexec_fn=setup, pass_fds=(3, 4))
        os.close(child_in)
        os.close(child_out)
        self.write = os.fdopen(cmd_w, "wb", buffering=0)
        self.read = os.fdopen(out_r, "rb", buffering=0)
        self.timeout = timeout
        self.next_id = 0
        self.replies = {}
        self.events = []
        self.cond = threading.Condition()
        self.closed = False
        threading.Thread(target=self._reader, daemon=True).start()

    @staticmethod
    def _high(fd):
        import fcntl
        return fcntl.fcntl(fd, fcntl.F_DUPFD, 10)

    def _reader(self):
        buf = b""
        while True:
            chunk = self.read.read(1 << 16)
            if not chunk:
                break
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                msg = json.loads(raw)
                with self.cond:
                    if "id" in msg:
                        self.replies[msg["id"]] = msg
                    else:
                        self.events.append(msg)
                    self.cond.notify_all()
        with self.cond:
            self.closed = True
            self.cond.notify_all()

    def call(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        try:
            self.write.write(json.dumps(msg).encode() + b"\0")
        except BrokenPipeError:
            raise RuntimeError("chromium exited (code %s) before %s"
                               % (self.proc.wait(timeout=10), method)) from None
        deadline = time.monotonic() + self.timeout
        with self.cond:
            while self.next_id not in self.replies:
                left = deadline - time.monotonic()
                if self.closed:
                    raise RuntimeError("chromium exited (code %s) without answering %s"
                                       % (self.proc.wait(timeout=10), method))
                if left <= 0:
                    raise RuntimeError("no reply to %s within %ss" % (method, self.timeout))
                self.cond.wait(left)
            reply = self.replies.pop(self.next_id)
        if "error" in reply:
            raise RuntimeError("%s failed: %s" % (method, reply["error"]))
        return reply.get("result", {})

    def wait_event(self, method, session):
        deadline = time.monotonic() + self.timeout
        with self.cond:
            while True:
                for e in self.events:
                    if e.get("method") == method and e.get("sessionId") == session:
                        return e
                left = deadline - time.monotonic()
                if self.closed or left <= 0:
                    raise RuntimeError("no %s within %ss" % (method, self.timeout))
                self.cond.wait(left)

    def close(self):
        try:
            self.write.write(json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0")
            self.proc.wait(timeout=10)
        except Exception:  # noqa: BLE001 - closing is best effort
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def page_errors(events, session, page_url):
    errors = []
    for e in events:
        if e.get("sessionId") != session:
            continue
        m, p = e.get("method"), e.get("params", {})
        if m == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            errors.append("uncaught exception: %s" % d.get("exception", {}).get("description", d.get("text")))
        elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            args = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
            errors.append("console.%s: %s" % (p.get("type"), args))
        elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            errors.append("log error: %s" % p["entry"].get("text"))
        elif m == "Network.requestWillBeSent":
            url = p.get("request", {}).get("url", "")
            if url != page_url and not url.startswith("data:") and not url.startswith("about:"):
                errors.append("request outside the report (must work offline): %s" % url)
    return errors


def check(args, browser):
    failures = []
    page_url = "file://" + os.path.abspath(args.page)
    target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Runtime", "Log", "Page", "Network"):
        browser.call(domain + ".enable", session=session)
    browser.call("Page.navigate", {"url": page_url}, session)
    browser.wait_event("Page.loadEventFired", session)
    time.sleep(0.3)  # late errors (timers, image decode) have a chance to show
    charts = json.loads(browser.call("Runtime.evaluate", {"expression": CHART_PROBE, "returnByValue": True},
                                     session)["result"]["value"])
    if len(charts) < args.min_charts:
        failures.append("%d charts, expected at least %d" % (len(charts), args.min_charts))
    for c in charts:
        ok = c["drawn"] > 0 and c["width"] > 100 and c["height"] > 50
        print("  %-6s %-10s %4d drawn  %4.0fx%-4.0f  %s" % ("ok" if ok else "FAIL", c["id"], c["drawn"],
                                                          c["width"], c["height"], c["title"]))
        if not ok:
            failures.append("chart %s (%s) has nothing drawn or no size" % (c["id"], c["title"]))
    layout = browser.call("Runtime.evaluate", {"expression": LAYOUT_PROBE, "returnByValue": True},
                          session)["result"].get("value")
    if layout is None:
        failures.append("the page did not report its layout check (data-layout-check)")
    else:
        found = json.loads(layout)
        for kind, what in (("overlaps", "labels overlap"), ("clipped", "label cut off"),
                           ("wrapped", "card value wraps over more than two lines")):
            for item in found.get(kind, []):
                failures.append("%s: %s" % (what, item))
        print("  layout: %d overlapping, %d clipped labels, %d wrapping cards"
              % (len(found["overlaps"]), len(found["clipped"]), len(found["wrapped"])))
    legend = json.loads(browser.call("Runtime.evaluate", {"expression": LEGEND_PROBE, "returnByValue": True},
                                     session)["result"]["value"])
    if legend is not None:
        before, hidden, shown = legend["counts"]
        print("  legend %s: series elements visible %d, after a click %d, after two %d"
              % (legend["chart"], before, hidden, shown))
        if not (before > 0 and hidden == 0 and shown == before):
            failures.append("legend click did not hide and re-show the series: %s" % legend)
    metrics = browser.call("Page.getLayoutMetrics", session=session)
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    shot = browser.call("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 16000), "scale": 1}},
        session)
    with open(args.screenshot, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    print("  screenshot %s (%dx%d CSS px)" % (args.screenshot, size["width"], size["height"]))
    with browser.cond:
        failures += page_errors(list(browser.events), session, page_url)
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    ap.add_argument("--page", required=True)
    ap.add_argument("--screenshot", required=True)
    ap.add_argument("--min-charts", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=60)
    args = ap.parse_args()
    profile = tempfile.mkdtemp(prefix="lambdasim-chromium-")
    browser = None
    try:
        browser = Browser(args.chromium, profile, args.timeout)
        failures = check(args, browser)
    except Exception as e:  # noqa: BLE001 - report any failure as a test failure
        failures = ["%s: %s" % (type(e).__name__, e)]
        if browser:
            browser.log.flush()
            with open(browser.log_path, "rb") as log:
                tail = log.read().decode(errors="replace").splitlines()[-15:]
            failures.append("chromium's last output lines:\n    " + "\n    ".join(tail))
    finally:
        if browser:
            browser.close()
        shutil.rmtree(profile, ignore_errors=True)
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
