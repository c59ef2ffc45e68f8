"""The embedded Neo4j: a real Neo4j Community process that the project starts on loopback.

The jars come from Maven Central (launcher/pom.xml); our entry point
(launcher/src/main/java/org/kg/launcher/EmbeddedNeo4j.java) builds the database with Bolt on
127.0.0.1. This module builds it when needed, starts it detached, waits until Bolt answers, and
stops it with SIGTERM, which the entry point turns into a clean shutdown.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from kg.settings import PROJECT_ROOT, Settings, memory_bytes

LAUNCHER_DIR = PROJECT_ROOT / "launcher"
MAIN_CLASS = "org.kg.launcher.EmbeddedNeo4j"
START_TIMEOUT_SECONDS = 180
STOP_TIMEOUT_SECONDS = 60

# What the JVM needs for Neo4j 5 on Java 17 (as in Neo4j's own neo4j.conf).
JVM_OPTIONS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
]


class EmbeddedError(Exception):
    """The embedded Neo4j cannot start or stop; the message says what to do."""


@dataclass(frozen=True)
class EmbeddedStatus:
    running: bool
    pid: int | None
    uri: str
    detail: str


class EmbeddedNeo4j:
    """One embedded Neo4j, defined by its data directory and port."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.data_dir = settings.data_dir.resolve()
        self.port = settings.neo4j_port
        self.uri = f"bolt://127.0.0.1:{self.port}"
        self.pid_file = self.data_dir / "neo4j.pid"
        self.password_file = self.data_dir / "password"
        self.log_file = self.data_dir / "logs" / "launcher.log"
        # The child we started, kept so that stop() can reap it when it is ours.
        self._process: subprocess.Popen[bytes] | None = None

    # -- credentials ---------------------------------------------------------------------------

    def password(self) -> str:
        """The password from settings, else the one generated on first start (kept mode 0600)."""
        configured = self.settings.neo4j_password.get_secret_value()
        if configured:
            return configured
        if self.password_file.exists():
            return self.password_file.read_text().strip()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        generated = secrets.token_urlsafe(24)
        descriptor = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(generated + "\n")
        return generated

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> float:
        """Start and wait until Bolt accepts our credentials; returns the seconds it took."""
        running = self._running_pid()
        if running is not None:
            raise EmbeddedError(
                f"Neo4j is already running from {self.data_dir} (pid {running}) on {self.uri}; "
                "stop it with: kg neo4j stop"
            )
        java = find_java()
        build_launcher()
        if not port_is_free(self.port):
            raise EmbeddedError(
                f"port {self.port} on 127.0.0.1 is taken; set KG_NEO4J_PORT to a free port "
                "or stop the process that holds it"
            )
        password = self.password()
        if len(password) < 8:
            raise EmbeddedError("KG_NEO4J_PASSWORD must have at least 8 characters")

        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        log_offset = self.log_file.stat().st_size if self.log_file.exists() else 0
        command = [
            java,
            f"-Xms{self.settings.neo4j_heap}",
            f"-Xmx{self.settings.neo4j_heap}",
            *JVM_OPTIONS,
            "-cp",
            launcher_classpath(),
            MAIN_CLASS,
            str(self.data_dir),
            str(self.port),
            str(memory_bytes(self.settings.neo4j_pagecache)),
            str(self.settings.neo4j_tx_timeout_seconds),
            str(memory_bytes(self.settings.neo4j_tx_memory_max)),
        ]
        started = time.monotonic()
        with open(self.log_file, "ab") as log:
            process = subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env={**os.environ, "KG_NEO4J_PASSWORD": password},
                start_new_session=True,  # outlives `kg neo4j start`; stopped by pid
            )
        self._process = process
        self.pid_file.write_text(f"{process.pid}\n")
        try:
            self._wait_until_ready(process, log_offset)
        except BaseException:  # a failed start or Ctrl-C: leave no JVM behind
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            process.wait()
            self._process = None
            self.pid_file.unlink(missing_ok=True)
            raise
        return time.monotonic() - started

    def stop(self) -> bool:
        """Stop cleanly (SIGTERM, then wait). Returns False when it was not running."""
        pid = self._running_pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if not process_alive(pid):
                break
            time.sleep(0.1)
        else:
            os.kill(pid, signal.SIGKILL)
        if self._process is not None:
            self._process.wait()
            self._process = None
        self.pid_file.unlink(missing_ok=True)
        return True

    def status(self) -> EmbeddedStatus:
        pid = self._running_pid()
        if pid is None:
            return EmbeddedStatus(False, None, self.uri, f"not running (data in {self.data_dir})")
        if port_is_free(self.port):
            return EmbeddedStatus(False, pid, self.uri, f"pid {pid} is alive but Bolt is not up")
        return EmbeddedStatus(True, pid, self.uri, f"running, pid {pid}, data in {self.data_dir}")

    # -- internals -----------------------------------------------------------------------------

    def _running_pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        return pid if process_alive(pid) else None

    def _wait_until_ready(self, process: subprocess.Popen[bytes], log_offset: int) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            output = self._log_since(log_offset)
            if "KG-READY" in output:
                return
            if "KG-FAILED" in output or process.poll() is not None:
                raise EmbeddedError(explain_failure(output, self))
            time.sleep(0.2)
        raise EmbeddedError(
            f"Neo4j did not answer within {START_TIMEOUT_SECONDS} s; see {self.log_file}"
        )

    def _log_since(self, offset: int) -> str:
        with open(self.log_file, "rb") as log:
            log.seek(offset)
            return log.read().decode("utf-8", "replace")


def explain_failure(output: str, neo4j: EmbeddedNeo4j) -> str:
    """One line that says what went wrong and what to do."""
    if "Lock file has been locked" in output or "FileLockException" in output:
        return (
            f"another process holds the data directory {neo4j.data_dir}; stop it "
            "(kg neo4j stop) or set KG_DATA_DIR to another directory"
        )
    if "Address already in use" in output or "BindException" in output:
        return f"port {neo4j.port} is taken; set KG_NEO4J_PORT to a free port"
    for line in output.splitlines():
        if line.startswith("KG-FAILED"):
            return line.removeprefix("KG-FAILED").strip() + f" (log: {neo4j.log_file})"
    last = [line for line in output.splitlines() if line.strip()][-3:]
    return "Neo4j exited during start: " + " | ".join(last) + f" (log: {neo4j.log_file})"


def find_java() -> str:
    """The java of JAVA_HOME, else the one on PATH; Neo4j 5 needs 17 or newer."""
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    if not java or not Path(java).exists():
        raise EmbeddedError(
            "Java was not found; install a JDK 17 or newer (Debian: apt-get install "
            "openjdk-17-jdk-headless) or set JAVA_HOME"
        )
    return java


def build_launcher() -> None:
    """Fetch the Neo4j jars and compile our entry point once (Maven, from Maven Central)."""
    if _launcher_built():
        return
    mvn = shutil.which("mvn")
    if not mvn:
        raise EmbeddedError(
            "Maven was not found, and it is needed once to fetch Neo4j from Maven Central; "
            "install it (Debian: apt-get install maven)"
        )
    print("Fetching Neo4j from Maven Central and building the launcher (once)...", flush=True)
    result = subprocess.run(
        [mvn, "-q", "-B", "-f", str(LAUNCHER_DIR / "pom.xml"), "package"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not _launcher_built():
        tail = (result.stdout + result.stderr).strip().splitlines()[-5:]
        raise EmbeddedError("building the Neo4j launcher failed: " + " | ".join(tail))


def _launcher_built() -> bool:
    main = LAUNCHER_DIR / "target" / "classes" / "org" / "kg" / "launcher" / "EmbeddedNeo4j.class"
    lib = LAUNCHER_DIR / "target" / "lib"
    return main.exists() and lib.is_dir() and any(lib.glob("neo4j-kernel-*.jar"))


def launcher_classpath() -> str:
    target = LAUNCHER_DIR / "target"
    return f"{target / 'classes'}{os.pathsep}{target / 'lib' / '*'}"


def port_is_free(port: int) -> bool:
    """Whether a server could listen on the port now. SO_REUSEADDR as Neo4j's own listener has
    it: connections of a stopped Neo4j left in TIME_WAIT (a connected service's pool) do not
    count, a process listening there does."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child of ours still answers kill(0); reap it if it is ours.
    with contextlib.suppress(ChildProcessError):
        finished, _ = os.waitpid(pid, os.WNOHANG)
        if finished == pid:
            return False
    return True


ADMIN_CLASS = "org.neo4j.cli.AdminTool"


def store_dirs(data_dir: Path, database: str = "neo4j") -> list[Path]:
    """Where the embedded Neo4j keeps one database (its home is data_dir)."""
    return [
        data_dir / "data" / "databases" / database,
        data_dir / "data" / "transactions" / database,
    ]


def admin_import(settings: Settings, arguments: list[str], log_file: Path) -> None:
    """`neo4j-admin database import full` (the jars of launcher/pom.xml) into the embedded
    Neo4j's home, which must not be running. Its output goes to log_file; a failure raises
    EmbeddedError with the last lines."""
    java = find_java()
    build_launcher()
    home = settings.data_dir.resolve()
    home.mkdir(parents=True, exist_ok=True)
    command = [
        java,
        f"-Xmx{settings.neo4j_heap}",
        *JVM_OPTIONS,
        "-cp",
        launcher_classpath(),
        ADMIN_CLASS,
        "database",
        "import",
        "full",
        settings.neo4j_database,  # first: the file lists after --nodes take every later word
        "--overwrite-destination=true",
        f"--max-off-heap-memory={settings.neo4j_pagecache}",
        f"--report-file={log_file.with_suffix('.report')}",
        *arguments,
    ]
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with open(log_file, "wb") as log:
        result = subprocess.run(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "NEO4J_HOME": str(home)},
            check=False,
        )
    if result.returncode != 0:
        tail = log_file.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-4:]
        raise EmbeddedError(f"neo4j-admin import failed: {' | '.join(tail)} (log: {log_file})")
