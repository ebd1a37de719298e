"""Reads checkov's JSON report and fails on every finding no suppression explains.

A suppression is a line `CHECK_ID PATTERN reason...` in suppressions.txt: PATTERN is a shell glob
over `<file>:<resource>` (file relative to the linted folder, e.g.
`operator/full.yaml:Deployment.default.payments`), and the reason is required. Suppressions that
match nothing are reported too, so the list cannot go stale.
Usage: python3 findings.py REPORT.json SUPPRESSIONS.txt
"""
import fnmatch
import json
import sys


def suppressions(path):
    rules = []
    with open(path) as lines:
        for number, line in enumerate(lines, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(None, 2)
            if len(parts) < 3:
                sys.exit(f"{path}:{number}: a suppression needs a check, a pattern and a reason")
            rules.append({"check": parts[0], "pattern": parts[1], "reason": parts[2], "used": 0})
    return rules


def main(report_path, suppressions_path):
    with open(report_path) as report_file:
        report = json.load(report_file)
    reports = report if isinstance(report, list) else [report]
    rules = suppressions(suppressions_path)
    unexplained, explained, passed = [], 0, 0
    for part in reports:
        if part.get("summary", {}).get("parsing_errors"):
            unexplained.append(f"parsing errors: {part['results'].get('parsing_errors')}")
        passed += part.get("summary", {}).get("passed", 0)
        for finding in part.get("results", {}).get("failed_checks", []):
            subject = f"{finding['file_path'].lstrip('/')}:{finding['resource']}"
            rule = next((r for r in rules if r["check"] == finding["check_id"]
                         and fnmatch.fnmatchcase(subject, r["pattern"])), None)
            if rule:
                rule["used"] += 1
                explained += 1
            else:
                unexplained.append(f"{finding['check_id']} {subject}: {finding['check_name']}")
    stale = [f"{r['check']} {r['pattern']}" for r in rules if not r["used"]]
    for line in unexplained:
        print(f"FINDING {line}")
    for line in stale:
        print(f"STALE SUPPRESSION (matches nothing) {line}")
    print(f"manifest lint: {passed} checks passed, {explained} findings suppressed with a reason,"
          f" {len(unexplained)} unexplained, {len(stale)} stale suppressions")
    return 1 if unexplained or stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
