#!/usr/bin/env python3
"""docker/compose.yaml cannot be started on CI (no Docker engine): check it parses, has the demo's services, and
that every file it mounts or builds from exists."""
import os
import sys

import yaml

path = sys.argv[1]
base = os.path.dirname(os.path.abspath(path))
with open(path) as f:
    compose = yaml.safe_load(f)
problems = []
services = compose.get("services", {})
for required in ("timescaledb", "store", "tidemark"):
    if required not in services:
        problems.append(f"service '{required}' is missing")
for name, service in services.items():
    for volume in service.get("volumes", []):
        source = volume.split(":")[0]
        if source.startswith(".") and not os.path.exists(os.path.join(base, source)):
            problems.append(f"{name}: mounted file {source} does not exist")
    build = service.get("build")
    if build:
        context = os.path.join(base, build.get("context", "."))
        dockerfile = os.path.join(context, build.get("dockerfile", "Dockerfile"))
        if not os.path.exists(dockerfile):
            problems.append(f"{name}: {dockerfile} does not exist")
if problems:
    print("CI: docker/compose.yaml: " + "; ".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"CI: docker/compose.yaml parses; services: {', '.join(services)}")
