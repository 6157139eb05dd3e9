#!/usr/bin/env python3
"""Fails when the database tests did not really run: no reports, zero tests, or any skipped integration test."""
import glob
import os
import sys
import xml.etree.ElementTree as ET

reports = sorted(glob.glob(f"{sys.argv[1]}/TEST-*.xml"))
total = skipped_integration = integration = timescale = 0
problems = []
for path in reports:
    suite = ET.parse(path).getroot()
    name = suite.get("name")
    tests, skipped = int(suite.get("tests")), int(suite.get("skipped"))
    total += tests
    if name.endswith("IntegrationTests"):
        integration += tests
        if "Timescale" in name:
            timescale += tests
        if skipped:
            skipped_integration += skipped
            problems.append(f"{name}: {skipped} skipped")
        if tests == 0:
            problems.append(f"{name}: ran no test")
print(f"CI: {len(reports)} test classes, {total} tests, {integration} against real PostgreSQL"
      f" ({timescale} on TimescaleDB)")
if total == 0 or integration == 0:
    problems.append("no database test ran")
# .ci/run starts a TimescaleDB and sets this: then its tests must have run too, not just been left out
if os.environ.get("TIDEMARK_REQUIRE_TIMESCALE_TESTS", "").lower() == "true" and timescale == 0:
    problems.append("no TimescaleDB test ran (no *Timescale*IntegrationTests with tests)")
if problems:
    print("CI: FAILED - database tests did not all run:\n  " + "\n  ".join(problems), file=sys.stderr)
    sys.exit(1)
