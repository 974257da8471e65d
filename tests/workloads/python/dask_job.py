"""The dask.distributed job of integration test dask_cluster_test: a client that runs the seeds'
pipeline on a cluster started elsewhere (the test starts dask-scheduler and two dask-worker
commands, each recording itself in the environment mode).

    python3 dask_job.py SCHEDULER_FILE DATA_DIR RESULT_JSON

1. writes DATA_DIR/part-*.csv (key, value);
2. a dask.bag map of task_work over 24 partitions: each task reports the host (PPROF_HOST of
   its worker), pid and CPU seconds it used, so the test can compare the profile with the work
   each worker process did;
3. a dask.dataframe read_csv + groupby sum of the CSV files;
4. writes RESULT_JSON and shuts the cluster down (scheduler and workers exit).
"""
import json
import os
import sys
import time


def task_work(n):
    """The task function the profile must find, with its file and line, in every worker."""
    start = time.process_time()
    total = 0
    for i in range(n):
        total = (total * 31 + i) % 1000003
    return os.environ.get("PPROF_HOST", ""), os.getpid(), time.process_time() - start


def write_csvs(data_dir, files=4, rows=20000):
    os.makedirs(data_dir, exist_ok=True)
    for f in range(files):
        with open(os.path.join(data_dir, f"part-{f}.csv"), "w") as out:
            out.write("key,value\n")
            for r in range(rows):
                out.write(f"k{(r * 7 + f) % 50},{r % 97}\n")


def main():
    scheduler_file, data_dir, result_path = sys.argv[1:4]
    import dask.bag as db
    import dask.dataframe as dd
    from distributed import Client

    write_csvs(data_dir)
    client = Client(scheduler_file=scheduler_file, timeout=60)
    client.wait_for_workers(4, timeout=120)
    tasks = db.from_sequence([600_000] * 24, npartitions=24).map(task_work).compute()
    frame = dd.read_csv(os.path.join(data_dir, "part-*.csv"))
    groups = frame.groupby("key").value.sum().compute()
    with open(result_path, "w") as out:
        json.dump({"tasks": tasks, "groups": int(len(groups)), "total": int(groups.sum())}, out)
    client.shutdown()
    client.close()


if __name__ == "__main__":
    main()
