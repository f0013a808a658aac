#!/usr/bin/env python3
"""Sums the TAP results in meson's testlog.json files: prints 'N passed, N failed, N skipped'."""
import json
import re
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    with open(path) as log:
        for line in log:
            test = json.loads(line)
            ok = bad = skip = 0
            for out in (test.get("stdout") or "").splitlines():
                if re.match(r"^not ok\b", out):
                    if re.search(r"#\s*TODO", out, re.I):
                        continue
                    bad += 1
                elif re.match(r"^ok\b", out):
                    if re.search(r"#\s*SKIP", out, re.I):
                        skip += 1
                    else:
                        ok += 1
            if test["result"] not in ("OK", "SKIP") and bad == 0:
                # A program that crashed or timed out counts as one failure.
                bad = 1
                print(f"FAILED: {test['name']} ({test['result']})", file=sys.stderr)
            if test["result"] == "SKIP" and ok + bad + skip == 0:
                skip = 1
            passed += ok
            failed += bad
            skipped += skip

print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
