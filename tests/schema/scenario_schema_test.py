#!/usr/bin/env python3
"""The scenario JSON Schema (docs/scenario.schema.json) against an
independent validator (python3-jsonschema, Draft 7):

1. it is what `lambdasim keys --json-schema` prints now (regenerate it with
   `build/lambdasim keys --json-schema > docs/scenario.schema.json` when the
   key table changes);
2. it is a valid Draft 7 schema;
3. every bundled scenario (scenarios/*.yaml, scenarios/examples/*.yaml)
   validates against it;
4. scenarios with a misspelt key, a duration without a valid unit, an
   out-of-range memory size and an unknown choice are rejected, each at the
   key that is wrong (so this test can fail).

usage: scenario_schema_test.py LAMBDASIM SOURCE_DIR
"""
import glob
import json
import os
import subprocess
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:  # tools/dev.sh installs both
    sys.exit(f"scenario_schema_test: {e}: install python3-jsonschema and python3-yaml "
             "(tools/dev.sh lists them)")

binary, source = sys.argv[1], sys.argv[2]
shipped_path = os.path.join(source, "docs", "scenario.schema.json")
generated = subprocess.run([binary, "keys", "--json-schema"], check=True,
                           capture_output=True, text=True).stdout
with open(shipped_path, encoding="utf-8") as f:
    shipped = f.read()
failures = []
if generated != shipped:
    failures.append("docs/scenario.schema.json is stale: regenerate it with "
                    "`build/lambdasim keys --json-schema > docs/scenario.schema.json`")

schema = json.loads(generated)
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)

files = sorted(glob.glob(os.path.join(source, "scenarios", "*.yaml")) +
               glob.glob(os.path.join(source, "scenarios", "examples", "*.yaml")))
if len(files) < 5:
    failures.append(f"only {len(files)} bundled scenarios found under {source}/scenarios")
for path in files:
    with open(path, encoding="utf-8") as f:
        document = yaml.safe_load(f)
    for error in validator.iter_errors(document):
        failures.append(f"{os.path.relpath(path, source)}: {list(error.absolute_path)}: "
                        f"{error.message}")

BASE = """
scenario: bad
functions:
  api:
    memory_mb: 512
    init: 300ms
    duration: {dist: lognormal, median: 80ms, p99: 400ms}
workloads:
  - function: api
    arrivals: {process: poisson, rate: 20/s}
"""
base = yaml.safe_load(BASE)
if list(validator.iter_errors(base)):
    failures.append("the valid base scenario of the negative cases is rejected")


def mutated(path, value):
    doc = yaml.safe_load(BASE)
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return doc


negatives = [
    (["functions", "api", "memroy_mb"], 512, ["functions", "api"]),      # misspelt key
    (["functions", "api", "init"], "300 msec", ["functions", "api", "init"]),
    (["functions", "api", "memory_mb"], 64, ["functions", "api", "memory_mb"]),
    (["workloads", 0, "arrivals", "process"], "poison", ["workloads", 0, "arrivals", "process"]),
    (["workloads", 0, "arrivals", "rate"], "20", ["workloads", 0, "arrivals", "rate"]),
]
for path, value, where in negatives:
    errors = list(validator.iter_errors(mutated(path, value)))
    if not errors:
        failures.append(f"{path} = {value!r} is accepted")
    elif not any(list(e.absolute_path)[:len(where)] == where for e in errors):
        failures.append(f"{path} = {value!r} is rejected elsewhere: "
                        f"{[list(e.absolute_path) for e in errors]}")

for failure in failures:
    print("FAIL:", failure)
checks = len(files) + len(negatives) + 2
print(f"scenario schema: {len(files)} bundled scenarios valid, {len(negatives)} bad ones rejected")
print(f"{checks - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
