"""Start and stop a gunicorn server with the settings the README recommends for production (benchmarks and the
browser tests that need several worker processes)."""
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GUNICORN = os.environ.get("BENCH_GUNICORN", "--workers 2 --threads 2 --worker-class gthread").split()
# One machine sends everything from 127.0.0.1; at a real event arrivals come from many addresses, and every scanner
# and dashboard signs in as one account (or a few), so the per-address and per-account limits are raised.
LIMITS = {"PORTAL_SELF_CHECKIN_LIMIT_PER_ADDRESS": "1000000 per minute", "PORTAL_LOGIN_LIMIT_PER_ADDRESS": "1000 per minute",
          "PORTAL_LOGIN_LIMIT_PER_USER": "1000 per minute"}


def engine(url, **options):
    """An SQLAlchemy engine on the database url names, through the driver the portal uses (startup.database_url);
    the caller disposes of it."""
    from sqlalchemy import create_engine

    from portal.startup import database_url

    return create_engine(database_url(url, os.path.join(ROOT, "instance")), **options)


def emptied(url):
    """Drop every table of the PostgreSQL database url names, as a run starts on a database of its own."""
    from sqlalchemy import text

    connected = engine(url)
    with connected.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    connected.dispose()


def database_name(url):
    """The PostgreSQL database an URL names (its backends' process titles carry it), or None for SQLite."""
    return url.rsplit("/", 1)[1].split("?")[0] if url.startswith("postgresql") else None


def free_port():
    """A free loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving app (e.g. 'wsgi:app') on a loopback port with extra environment; a context manager.
    options: gunicorn's worker options instead of GUNICORN (e.g. ["--workers", "1", ...]); pid: the master's."""

    def __init__(self, app, env, probe="/", options=None):
        self.app, self.env, self.probe, self.options = app, env, probe, options or GUNICORN
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", *self.options, "--bind", f"127.0.0.1:{self.port}", self.app],
            cwd=ROOT, env=dict(os.environ, **self.env), stdout=subprocess.DEVNULL, stderr=self.log)
        self.pid = self.process.pid
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                urllib.request.urlopen(self.base + self.probe, timeout=2)
                return self
            except urllib.error.HTTPError:
                return self  # it answered
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        self.log.seek(0)
        raise RuntimeError(f"{self.app} did not start: " + self.log.read().decode(errors="replace")[-2000:])

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        self.log.close()
