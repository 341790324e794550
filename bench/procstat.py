"""CPU accounting from /proc (Linux): a server's process tree, the PostgreSQL backends of one database, the machine,
and the load generator itself, measured across one phase of a benchmark."""
import os
import time

TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid):
    """(ppid, utime + stime, cutime + cstime) in seconds, or None when the process is gone."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # After the command: state ppid ... utime(12) stime(13) cutime(14) cstime(15), counted from state as 0.
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK, (int(fields[13]) + int(fields[14])) / TICK


def _all():
    found = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            stat = _stat(int(name))
            if stat:
                found[int(name)] = stat
    return found


def tree_cpu(roots):
    """CPU seconds used so far by each root process (a gunicorn master), its workers and their children, plus what
    the roots' reaped children used (a worker that exited)."""
    processes = _all()
    children = {}
    for pid, (ppid, _cpu, _reaped) in processes.items():
        children.setdefault(ppid, []).append(pid)
    total, todo = 0.0, [root for root in roots if root in processes]
    total += sum(processes[root][2] for root in todo)
    while todo:
        pid = todo.pop()
        total += processes[pid][1]
        todo += children.get(pid, [])
    return total


def database_cpu(database):
    """CPU seconds used so far by the PostgreSQL backends serving database (their process title names it); 0 when
    PostgreSQL is not on this machine or its processes cannot be read. Background writers are not counted."""
    total = 0.0
    needle = f" {database} "
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as handle:
                title = handle.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if title.startswith("postgres: ") and needle in title:
            stat = _stat(int(name))
            total += stat[1] if stat else 0.0
    return total


def machine():
    """(idle seconds, total seconds) of all CPUs since boot, from /proc/stat (idle includes iowait)."""
    with open("/proc/stat") as handle:
        values = [int(v) for v in handle.readline().split()[1:]]
    return (values[3] + values[4]) / TICK, sum(values[:8]) / TICK


def load_average():
    return round(os.getloadavg()[0], 2)


class Meter:
    """Snapshots before and after a phase: the servers' CPU (roots: gunicorn master pids), the database backends'
    CPU (database: a PostgreSQL database name, or None), the machine's idle share and this process's own CPU."""

    def __init__(self, roots, database=None):
        self.roots, self.database = list(roots), database

    def __enter__(self):
        self.start = self._snapshot()
        return self

    def __exit__(self, *exc):
        self.end = self._snapshot()

    def _snapshot(self):
        return {"wall": time.monotonic(), "server": tree_cpu(self.roots),
                "database": database_cpu(self.database) if self.database else 0.0,
                "machine": machine(), "own": time.process_time(), "load": load_average()}

    def figures(self, requests):
        """CPU ms per request (server, database), the machine's busy share and the load generator's CPU share."""
        start, end = self.start, self.end
        wall = end["wall"] - start["wall"]
        idle = end["machine"][0] - start["machine"][0]
        total = end["machine"][1] - start["machine"][1]
        per = max(requests, 1)
        result = {"server_cpu_ms_per_req": round((end["server"] - start["server"]) * 1000 / per, 2),
                  "server_cpu_s": round(end["server"] - start["server"], 2),
                  "machine_busy_pct": round(100 * (1 - idle / total), 1) if total else None,
                  "loadgen_cpu_pct": round(100 * (end["own"] - start["own"]) / wall, 1) if wall else None,
                  "load_average": [start["load"], end["load"]]}
        if self.database:
            result["database_cpu_ms_per_req"] = round((end["database"] - start["database"]) * 1000 / per, 2)
            result["database_cpu_s"] = round(end["database"] - start["database"], 3)
        return result
