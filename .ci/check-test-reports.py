#!/usr/bin/env python3
"""Fails when the database tests did not really run: no reports, zero tests, or any skipped integration test; or
when the fault suite (surefire execution fault-suite, docs/reliability.md) did not run every fault."""
import glob
import os
import sys
import xml.etree.ElementTree as ET

# The fault suite: each class must have run, and each fault of FaultInjectionIntegrationTests at least once, none
# skipped. A missing class means the fault-suite execution did not run (e.g. -DskipFaultTests=true), which CI refuses.
FAULT_CLASSES = {
    "dev.tidemark.fault.FaultHarnessIntegrationTests": [],
    "dev.tidemark.fault.FaultInjectionIntegrationTests": [
        "killDuringConcurrentIndexBuild",
        "killDuringTransactionalChangeset",
        "targetStoppedDuringConcurrentIndexBuild",
        "twentyConcurrentExecutionsOfOneRemediation",
        "twentyConcurrentExecutionsAcrossTwoRemediationsOfOneTarget",
    ],
}

reports = sorted(glob.glob(f"{sys.argv[1]}/TEST-*.xml"))
total = skipped_integration = integration = timescale = faults = 0
problems = []
seen_fault_classes = set()
for path in reports:
    suite = ET.parse(path).getroot()
    name = suite.get("name")
    if name in FAULT_CLASSES:
        seen_fault_classes.add(name)
        cases = suite.findall("testcase")
        faults += len(cases)
        if int(suite.get("tests")) == 0:
            problems.append(f"fault suite: {name} ran no test")
        for method in FAULT_CLASSES[name]:
            runs = [c for c in cases if c.get("name", "").split("(")[0] == method]
            if not runs:
                problems.append(f"fault suite: {name}#{method} did not run")
            for case in runs:
                if case.find("skipped") is not None:
                    problems.append(f"fault suite: {name}#{case.get('name')} was skipped")
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
      f" ({timescale} on TimescaleDB), {faults} in the fault suite")
for missing in sorted(set(FAULT_CLASSES) - seen_fault_classes):
    problems.append(f"fault suite: no report of {missing} (did the surefire execution fault-suite run?)")
if total == 0 or integration == 0:
    problems.append("no database test ran")
# .ci/run starts a TimescaleDB and sets this: then its tests must have run too, not just been left out
if os.environ.get("TIDEMARK_REQUIRE_TIMESCALE_TESTS", "").lower() == "true" and timescale == 0:
    problems.append("no TimescaleDB test ran (no *Timescale*IntegrationTests with tests)")
if problems:
    print("CI: FAILED - database tests did not all run:\n  " + "\n  ".join(problems), file=sys.stderr)
    sys.exit(1)
