#!/usr/bin/env python3
"""Writes sam-app-cur.csv (and sam-app-cur.csv.gz): a CUR 2.0 / Data Exports
extract of the Lambda lines for the functions of sam-app.yml, 2025-01-06
07:00-09:00 UTC, hourly, in the column layout AWS documents for CUR 2.0
(identity_*, bill_*, line_item_*, product_*). Usage is worked out from
sam-app-metrics.json the way AWS bills it: requests = Invocations; GB-s =
invocations x (mean duration + 0.5 ms of rounding up to 1 ms) x memory (GB);
the API runs on provisioned concurrency (its spillover metric is 0), so its
GB-s are Lambda-Provisioned-GB-Second-ARM and its allocation is
Lambda-Provisioned-Concurrency-ARM (10 then 50 environments x 1 GB x 3600 s);
prices of us-east-1 (the 2025 price table). Usage types as AWS's price list
names them (USE1-Lambda-Storage-GB-Second for ephemeral storage). Also: a Tax row, an SQS row and a
data-transfer row (kept apart as 'other'), and a description with a comma
(a quoted field). Deterministic."""
import csv, gzip, io, json

m = json.load(open("sam-app-metrics.json"))
res = {r["Id"]: dict(zip(r["Timestamps"], r["Values"])) for r in m["MetricDataResults"]}

def hourly(inv_id, avg_id, gb):
    out = {7: [0, 0.0], 8: [0, 0.0]}
    for ts, n in res[inv_id].items():
        h = int(ts[11:13])
        out[h][0] += n
        out[h][1] += n * (res[avg_id][ts] + 0.5) / 1000 * gb
    return out

api = hourly("api_inv", "api_avg", 1.0)
wrk = hourly("wrk_inv", "wrk_avg", 0.5)
API = "arn:aws:lambda:us-east-1:123456789012:function:orders-api-prod"
WRK = "arn:aws:lambda:us-east-1:123456789012:function:orders-WorkerFunction-1A2B3C4D5E6F"
rows = []

def row(h, product, usage_type, op, resource, amount, rate, kind="Usage", desc=None):
    rows.append({
        "identity_line_item_id": f"li-{len(rows):04d}",
        "identity_time_interval": "2025-01-06T07:00:00Z/2025-01-06T09:00:00Z",
        "bill_payer_account_id": "123456789012",
        "line_item_usage_account_id": "123456789012",
        "line_item_line_item_type": kind,
        "line_item_usage_start_date": f"2025-01-06T{h:02d}:00:00Z",
        "line_item_usage_end_date": f"2025-01-06T{h + 1:02d}:00:00Z",
        "line_item_product_code": product,
        "line_item_usage_type": usage_type,
        "line_item_operation": op,
        "line_item_resource_id": resource,
        "line_item_usage_amount": f"{amount:.6f}",
        "line_item_unblended_rate": f"{rate:.10f}",
        "line_item_unblended_cost": f"{amount * rate:.10f}",
        "line_item_currency_code": "USD",
        "line_item_line_item_description": desc or f"AWS Lambda - {usage_type}, us-east-1",
        "product_region_code": "us-east-1",
    })

for h in (7, 8):
    n, gbs = api[h]
    row(h, "AWSLambda", "USE1-Request-ARM", "Invoke", API, n, 0.2e-6)
    row(h, "AWSLambda", "USE1-Lambda-Provisioned-GB-Second-ARM", "Invoke", API, gbs, 0.0000077778)
    row(h, "AWSLambda", "USE1-Lambda-Provisioned-Concurrency-ARM", "Invoke", API, (10 if h == 7 else 50) * 3600.0,
        0.0000033334, desc="AWS Lambda - Provisioned Concurrency, arm64, per GB-second")
    n, gbs = wrk[h]
    row(h, "AWSLambda", "USE1-Request", "Invoke", WRK, n, 0.2e-6)
    row(h, "AWSLambda", "USE1-Lambda-GB-Second", "Invoke", WRK, gbs, 0.0000166667)
    row(h, "AWSLambda", "USE1-Lambda-Storage-GB-Second", "Invoke", WRK, gbs, 0.0000000309)
row(7, "AWSLambda", "USE1-DataTransfer-Out-Bytes", "Invoke", API, 0.25, 0.09)
row(7, "AmazonSQS", "USE1-Requests-Tier1", "ReceiveMessage", "arn:aws:sqs:us-east-1:123456789012:OrderQueue", 40000, 0.4e-6)
row(8, "AWSLambda", "", "", "", 1.0, 0.0, kind="Tax", desc="Tax for product code AWSLambda")

text = io.StringIO()
w = csv.DictWriter(text, fieldnames=list(rows[0].keys()), lineterminator="\n")
w.writeheader()
w.writerows(rows)
open("sam-app-cur.csv", "w").write(text.getvalue())
with open("sam-app-cur.csv.gz", "wb") as f:
    f.write(gzip.compress(text.getvalue().encode(), mtime=0))
