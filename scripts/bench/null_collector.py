"""A collector that accepts sampler connections and throws the data away.

The overhead benchmark's "floor" run preloads the sampler with `bench=empty-handler` (the signal
handler returns at once): the sampler still insists on connecting to a collector at start, and
pprof-run replaces any PPROF_SAMPLER it is given, so the benchmark listens itself. Listens on a
Linux abstract Unix socket, like pprof-run; one thread per connection, reading until EOF.
"""
import os
import socket
import threading


class NullCollector:
    def __init__(self, name=None):
        self.name = name or f"pprof-bench-{os.getpid()}"
        self._server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._server.bind("\0" + self.name)
        self._server.listen(64)
        self.bytes_received = 0
        self.connections = 0
        self._lock = threading.Lock()
        threading.Thread(target=self._accept_loop, daemon=True).start()

    def _accept_loop(self):
        while True:
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
            threading.Thread(target=self._drain, args=(conn,), daemon=True).start()

    def _drain(self, conn):
        with conn:
            while True:
                data = conn.recv(1 << 16)
                if not data:
                    return
                with self._lock:
                    self.bytes_received += len(data)

    def close(self):
        self._server.close()


if __name__ == "__main__":
    collector = NullCollector()
    print(f"listening on @{collector.name}; Ctrl-C to stop", flush=True)
    threading.Event().wait()
