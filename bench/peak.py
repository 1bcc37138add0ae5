"""Run a command and write its CPU seconds and peak memory to a file: ``peak.py OUT CMD...``.

A process forked from a large one starts with the parent's high-water mark of
resident memory, and ``wait4`` reports it for the child. The benchmark itself grows
large (it reads the reports it builds), so it measures each build through this
small process: the build's peak is then its own.
"""

import json
import os
import subprocess
import sys

out, command = sys.argv[1], sys.argv[2:]
process = subprocess.Popen(command)
_, status, usage = os.wait4(process.pid, 0)
with open(out, "w") as stream:
    json.dump({"cpu": usage.ru_utime + usage.ru_stime, "peak_kb": usage.ru_maxrss}, stream)
sys.exit(os.waitstatus_to_exitcode(status))
