"""Start and stop a throwaway PostgreSQL server for the store's tests and benchmark.

initdb refuses to run as root, so as root the data folder is given to the `postgres` user
and the server runs as that user. It listens on 127.0.0.1 on a free port and on a socket
in its own folder, with trust authentication, and is removed when stopped. A watchdog
shell stops and removes it too if the process that started it dies without stopping it
(a test run killed by a timeout), so no server outlives its run.
"""

from __future__ import annotations

import glob
import os
import shlex
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest


def find_pg_bin() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, else in /usr/lib/postgresql/*/bin."""
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, "initdb").exists() and Path(folder, "pg_ctl").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """One PostgreSQL server in a temporary folder; `create_database` hands out URLs."""

    def __init__(self, bin_dir: Path, fsync: bool = False) -> None:
        self.bin_dir = bin_dir
        self.fsync = fsync
        self.root = Path(tempfile.mkdtemp(prefix="bpq-pg-"))
        self.data = self.root / "data"
        self.port = 0
        self._as_postgres = os.geteuid() == 0
        self._count = 0
        self._watchdog: subprocess.Popen[bytes] | None = None

    def _command(self, *args: str) -> list[str]:
        """A PostgreSQL tool's command line, as the postgres user when we are root."""
        command = [str(self.bin_dir / args[0]), *args[1:]]
        return ["runuser", "-u", "postgres", "--", *command] if self._as_postgres else command

    def _run(self, *args: str) -> None:
        """Run a PostgreSQL tool; RuntimeError with its message if it fails."""
        command = self._command(*args)
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stderr.strip()}")

    def start(self) -> PostgresServer:
        """initdb, then start on a free port (retrying if another process takes the port)."""
        if self._as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
        self._run_with_retries()
        self._start_watchdog()
        return self

    def _start_watchdog(self) -> None:
        """A shell that waits for this process to end, then stops and removes the server."""
        stop = shlex.join(self._command("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate"))
        script = (
            f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 1; done; "
            f"{stop} >/dev/null 2>&1; rm -rf {shlex.quote(str(self.root))}"
        )
        self._watchdog = subprocess.Popen(
            ["sh", "-c", script],
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def _run_with_retries(self, tries: int = 3) -> None:
        for attempt in range(tries):
            self.port = _free_port()
            options = (
                f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} "
                f"-c fsync={'on' if self.fsync else 'off'} -c max_connections=50"
            )
            try:
                self._run(
                    "pg_ctl",
                    "start",
                    "-w",
                    "-t",
                    "60",
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.root / "server.log"),
                    "-o",
                    options,
                )
                return
            except RuntimeError:
                if attempt == tries - 1:
                    raise

    def url(self, database: str = "postgres") -> str:
        """A SQLAlchemy URL for a database on this server."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "test") -> str:
        """A fresh empty database; returns its SQLAlchemy URL."""
        self._count += 1
        name = f"{prefix}_{self._count}"
        conninfo = f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres"
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 STRATEGY FILE_COPY')
        return self.url(name)

    def stop(self) -> None:
        """Stop the server fast and remove its folder (and the watchdog, no longer needed)."""
        if self._watchdog is not None:
            self._watchdog.kill()
            self._watchdog.wait()
            self._watchdog = None
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "stop", "-w", "-D", str(self.data), "-m", "fast")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve_postgres() -> Iterator[PostgresServer]:
    """A running server for a fixture to yield from, stopped afterwards.

    Where PostgreSQL is not installed the tests using it are skipped, except under CI
    (the CI environment variable set), where PostgreSQL is expected and its absence fails.
    """
    bin_dir = find_pg_bin()
    if bin_dir is None:
        reason = "PostgreSQL is not installed: no initdb/pg_ctl on PATH or /usr/lib/postgresql"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}, but CI must run the PostgreSQL tests")
        pytest.skip(reason)
    with PostgresServer(bin_dir) as server:
        yield server
