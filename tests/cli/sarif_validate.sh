#!/bin/sh
# Validates `svcname lint --format sarif` output with Microsoft's SARIF validator
# (@microsoft/sarif-multitool) and, independently, against the SARIF 2.1.0 JSON schema
# shipped with it. The multitool exits 0 even when it finds errors, so its own SARIF
# output is inspected: any error-level result fails, and so does any warning other than
# SARIF2005 (the tool has no informationUri: svcname has no public home page yet).
# usage: sarif_validate.sh SVCNAME MULTITOOL SCHEMA FIXTURES WORKDIR [REGISTRY]
set -eu
exe=$1 multitool=$2 schema=$3 fixtures=$4 work=$5 registry=${6:-}
rm -rf "$work" && mkdir -p "$work"
reg_args=""
if [ -n "$registry" ] && [ -f "$registry" ]; then reg_args="--registry $registry --cache-dir -"; fi
rc=0
(cd "$fixtures" && HOME="$work" XDG_DATA_HOME="$work/d" XDG_CACHE_HOME="$work/c" \
  "$exe" $reg_args lint --no-config --format sarif -o "$work/lint.sarif" .) || rc=$?
if [ "$rc" != 1 ]; then echo "svcname lint exited $rc, expected 1 (findings)"; exit 1; fi
"$multitool" validate "$work/lint.sarif" -o "$work/validation.sarif" --log ForceOverwrite
/usr/bin/python3 - "$work/lint.sarif" "$work/validation.sarif" "$schema" <<'PY'
import json, sys
lint, validation, schema_path = sys.argv[1:4]
log = json.load(open(lint))
results = log["runs"][0]["results"]
assert len(results) > 10, "expected the fixtures' findings in the log, got %d" % len(results)
v = json.load(open(validation))
bad = []
for r in v["runs"][0].get("results", []):
    level = r.get("level", "warning")
    if level == "error" or r.get("ruleId") != "SARIF2005":
        bad.append((r.get("ruleId"), level, r.get("message", {})))
# SARIF2005 proves the validator really ran its rules on our log (it names our driver).
seen = [r.get("ruleId") for r in v["runs"][0].get("results", [])]
assert "SARIF2005" in seen, "the validator reported nothing: did it read the log?"
if bad:
    print("SARIF validator findings:")
    for b in bad: print("  ", b)
    sys.exit(1)
import jsonschema
schema = json.load(open(schema_path))
cls = jsonschema.validators.validator_for(schema)
errors = sorted(cls(schema).iter_errors(log), key=lambda e: list(e.path))
for e in errors[:20]:
    print("schema:", "/".join(map(str, e.path)), e.message)
if errors: sys.exit(1)
print("SARIF ok: %d results, Microsoft validator and JSON schema agree" % len(results))
PY
