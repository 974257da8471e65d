"""The bundled Python demo workload, the Python twin of sales_report.cc: a small "data analysis"
job in the shape people profile and then parallelize. It makes synthetic CSV sales records in
memory, one block of text per partition, parses and aggregates each partition in pure Python
(which holds the GIL the whole time), in a serial loop, then merges the partitions' totals.

  python3 sales_report.py [RECORDS] [--threads | --processes]   (default 240000 records)
    --threads:   the partitions on a ThreadPoolExecutor(2): the GIL lets one run at a time
    --processes: the partitions on a ProcessPoolExecutor(2), as `pprof-stats --advise` suggests
  All three print the same lines, so the change can be seen not to alter the result.
"""
import concurrent.futures
import sys
import zlib

PARTITIONS = 8
REGIONS = 16


def make_partitions(records, partitions=PARTITIONS):
    """Deterministic input: one CSV text per partition, lines such as "3,1234.56,0.05"."""
    blocks = []
    state = 42
    per_partition = records // partitions
    for _ in range(partitions):
        lines = []
        for _ in range(per_partition):
            state = (state * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
            region = (state >> 33) % REGIONS
            amount = ((state >> 20) % 100000) / 100.0
            discount = ((state >> 8) % 30) / 100.0
            lines.append(f"{region},{amount:.2f},{discount:.2f}")
        blocks.append("\n".join(lines))
    return blocks


def summarize_partition(text):
    """Parses one partition and sums it per region: every partition is independent."""
    count = [0] * REGIONS
    total = [0.0] * REGIONS
    largest = [0.0] * REGIONS
    for line in text.split("\n"):
        region, amount, discount = line.split(",")
        region = int(region)
        amount = float(amount)
        discount = float(discount)
        for _ in range(16):  # currency normalisation, deliberately heavy
            amount = round(amount * (1.0 - discount / 1000.0), 2)
        count[region] += 1
        total[region] += amount
        if amount > largest[region]:
            largest[region] = amount
    return count, total, largest


def summarize_partitions(blocks, executor=None):
    """The serial loop over the partitions, or the same work handed to a pool."""
    if executor is not None:
        return list(executor.map(summarize_partition, blocks))
    results = []
    for block in blocks:
        results.append(summarize_partition(block))
    return results


def merge(results):
    count = [0] * REGIONS
    total = [0.0] * REGIONS
    largest = [0.0] * REGIONS
    for part_count, part_total, part_largest in results:  # in partition order: same sums
        for region in range(REGIONS):
            count[region] += part_count[region]
            total[region] += part_total[region]
            largest[region] = max(largest[region], part_largest[region])
    return count, total, largest


def main(argv):
    records = 240000
    pool = None
    for arg in argv:
        if arg in ("--threads", "--processes"):
            pool = arg
        elif arg.isdigit():
            records = int(arg)
        else:
            sys.exit(f"sales_report.py: unknown argument {arg!r} "
                     "(usage: sales_report.py [RECORDS] [--threads | --processes])")

    blocks = make_partitions(records)
    if pool == "--threads":
        with concurrent.futures.ThreadPoolExecutor(2) as executor:
            results = summarize_partitions(blocks, executor)
    elif pool == "--processes":
        with concurrent.futures.ProcessPoolExecutor(2) as executor:
            results = summarize_partitions(blocks, executor)
    else:
        results = summarize_partitions(blocks)
    count, total, largest = merge(results)

    best = max(range(REGIONS), key=lambda region: total[region])
    checksum = zlib.crc32(repr((count, total, largest)).encode())
    print(f"records: {sum(count)}, total: {sum(total):.2f}, top region: {best}")
    print(f"checksum: {checksum:08x}")


if __name__ == "__main__":
    main(sys.argv[1:])
