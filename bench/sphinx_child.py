"""Run one sphinx-build in this process and print its peak memory, for the benchmark.

Usage: python sphinx_child.py <sphinx-build arguments...>
Prints one JSON line: {"code": exit code, "peak_rss_mb": peak resident memory of this
process and its children (Pagefind) in MiB, "cpu_s": CPU seconds (user and system) of
this process and its children}. On a shared machine CPU time varies less than wall time.
"""

from __future__ import annotations

import json
import resource
import sys

from sphinx.cmd.build import build_main

code = build_main(sys.argv[1:])
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
cpu = sum(
    usage.ru_utime + usage.ru_stime
    for usage in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
)
peak = round(max(own, children) / 1024, 1)
sys.stdout.write(json.dumps({"code": code, "peak_rss_mb": peak, "cpu_s": round(cpu, 2)}) + "\n")
sys.exit(code)
