"""How many samples each profiler delivered, read from its own output file.

- pprof:       `pprof-stats FILE --format json`, meta.samples (sample weights)
- perf:        `perf report --stdio -n --sort pid`, the Samples column summed (no unwinding)
- gperftools:  the CPUPROFILE binary format read directly: a 5-word header, then records
               (count, depth, pc...) up to the (0, 1, 0) trailer; counts summed
"""
import json
import struct
import subprocess


def pprof_samples(pprof_stats, profile):
    out = subprocess.run([pprof_stats, profile, "--format", "json"], check=True,
                         capture_output=True, text=True).stdout
    return float(json.loads(out)["meta"]["samples"])


def perf_samples(perf_data):
    out = subprocess.run(["perf", "report", "-i", perf_data, "--stdio", "-n", "-g", "none",
                          "--sort", "pid"], check=True, capture_output=True, text=True).stdout
    total = 0
    for line in out.splitlines():
        fields = line.split()
        # "    50.25%    50.25%           509    29678:workload_overhe"
        if len(fields) >= 4 and fields[0].endswith("%") and fields[2].isdigit():
            total += int(fields[2])
    return float(total)


def gperftools_samples(profile):
    with open(profile, "rb") as f:
        data = f.read()
    words = struct.unpack(f"<{len(data) // 8}Q", data[: len(data) // 8 * 8])
    if len(words) < 5 or words[0] != 0 or words[1] != 3:
        raise ValueError(f"{profile}: not a gperftools CPU profile")
    total, i = 0, 5
    while i + 1 < len(words):
        count, depth = words[i], words[i + 1]
        if count == 0 and depth == 1:  # trailer
            break
        total += count
        i += 2 + depth
    return float(total)
