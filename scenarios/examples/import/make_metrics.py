#!/usr/bin/env python3
"""Writes sam-app-metrics.json: the request (MetricDataQueries) and response
(MetricDataResults) of `aws cloudwatch get-metric-data` for the functions of
sam-app.yml, Monday 2025-01-06 07:00-09:00 UTC at a 5-minute period, in the
shape the AWS CLI prints (timestamps newest first, as GetMetricData returns
them by default). The numbers are made up but consistent: a morning ramp of
the API from 20/s to 60/s, 120 ms mean and 600 ms p99 durations, 0.5 % errors;
the worker's batches; a PartialData page; periods without invocations have no
datapoint, as Lambda publishes none. Deterministic (no randomness)."""
import json, math

START = "2025-01-06T07:00:00"
PERIOD = 300
N = 24

def ts(i):
    m = 7 * 60 + i * PERIOD // 60
    return f"2025-01-06T{m // 60:02d}:{m % 60:02d}:00+00:00"

def q(id_, fn, metric, stat, resource=None):
    dims = [{"Name": "FunctionName", "Value": fn}]
    if resource:
        dims.append({"Name": "Resource", "Value": resource})
    return {"Id": id_, "MetricStat": {"Metric": {"Namespace": "AWS/Lambda", "MetricName": metric,
            "Dimensions": dims}, "Period": PERIOD, "Stat": stat}, "ReturnData": True}

api, worker = "orders-api-prod", "orders-WorkerFunction-1A2B3C4D5E6F"
queries = [q("api_inv", api, "Invocations", "Sum"), q("api_avg", api, "Duration", "Average"),
           q("api_p99", api, "Duration", "p99"), q("api_conc", api, "ConcurrentExecutions", "Maximum"),
           q("api_thr", api, "Throttles", "Sum"), q("api_err", api, "Errors", "Sum"),
           q("api_pc", api, "ProvisionedConcurrentExecutions", "Maximum", api + ":live"),
           q("api_spill", api, "ProvisionedConcurrencySpilloverInvocations", "Sum", api + ":live"),
           q("wrk_inv", worker, "Invocations", "Sum"), q("wrk_avg", worker, "Duration", "Average"),
           q("wrk_p99", worker, "Duration", "p99"), q("wrk_conc", worker, "ConcurrentExecutions", "Maximum"),
           q("wrk_err", worker, "Errors", "Sum"), q("acct_conc", "", "ConcurrentExecutions", "Maximum")]
queries[-1]["MetricStat"]["Metric"]["Dimensions"] = []

def rate(i):  # API requests/s: 20/s, ramping 07:45-08:15 to 60/s
    t = i * PERIOD / 60
    return 20 + 40 * min(1, max(0, (t - 45) / 30))

series = {}
api_inv = [round(rate(i) * PERIOD) for i in range(N)]
series["api_inv"] = api_inv
series["api_avg"] = [round(120 + 10 * math.sin(i / 3), 2) for i in range(N)]
series["api_p99"] = [round(600 + 40 * math.sin(i / 3), 1) for i in range(N)]
series["api_conc"] = [math.ceil(rate(i) * 0.12 * 2.2) for i in range(N)]
series["api_thr"] = [0] * N
series["api_err"] = [round(n * 0.005) for n in api_inv]
series["api_pc"] = [min(10 if i < 12 else 50, math.ceil(rate(i) * 0.12 * 2)) for i in range(N)]
series["api_spill"] = [0] * N
wrk = [round(5 * PERIOD * (1 + 0.3 * math.sin(i / 2))) for i in range(N)]
for gap in (5, 6):  # a quiet spell: no datapoints
    wrk[gap] = None
series["wrk_inv"] = wrk
series["wrk_avg"] = [None if v is None else round(800 + 50 * math.cos(i / 4), 1) for i, v in enumerate(wrk)]
series["wrk_p99"] = [None if v is None else 3000.0 for v in wrk]
series["wrk_conc"] = [None if v is None else 9 for v in wrk]
series["wrk_err"] = [None if v is None else 0 for v in wrk]
series["acct_conc"] = [30] * N

results = []
for qq in queries:
    values = series[qq["Id"]]
    pts = [(ts(i), v) for i, v in enumerate(values) if v is not None]
    status = "Complete"
    if qq["Id"] == "wrk_err":  # the last page of this one was not fetched
        pts = pts[:18]
        status = "PartialData"
    pts.reverse()  # newest first
    results.append({"Id": qq["Id"], "Label": qq["MetricStat"]["Metric"]["MetricName"],
                    "Timestamps": [p[0] for p in pts], "Values": [p[1] for p in pts],
                    "StatusCode": status})
json.dump({"MetricDataQueries": queries, "MetricDataResults": results, "Messages": []},
          open("sam-app-metrics.json", "w"), indent=1)
