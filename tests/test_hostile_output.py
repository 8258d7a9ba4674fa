"""`-o` writes whole files and never replaces what it points at (issue 14, items 2 and 11).

Each case runs the real `kg` command in a subprocess on a file the test makes: a regular file
is replaced atomically, a symlink stays a link, a FIFO, a device or /dev/stdout is written
through, and a failed write leaves neither a half file nor a `.part` behind.
"""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import threading
from pathlib import Path

import pytest

from tests.helpers import SEED_GOLD
from tests.test_bad_input import KG, run_kg


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("store") / "kg"
    result = run_kg("load", str(SEED_GOLD), store=store)
    assert result.returncode == 0, result.stderr
    return store


@pytest.fixture(scope="module")
def expected(store) -> str:
    result = run_kg("export", "--format", "nquads", store=store)
    assert result.returncode == 0, result.stderr
    return result.stdout.rstrip("\n")  # the file holds the same text, ending in one newline


def test_a_regular_file_is_replaced_whole(store, expected, tmp_path):
    out = tmp_path / "out.nq"
    out.write_text("old\n")
    out.chmod(0o640)
    result = run_kg("export", "-f", "nquads", "-o", str(out), store=store)
    assert result.returncode == 0, result.stderr
    assert out.read_text() == expected + "\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o640  # the file keeps its permissions
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.nq"]


def test_a_symlink_stays_a_link_and_its_target_gets_the_output(store, expected, tmp_path):
    target = tmp_path / "real.nq"
    target.write_text("old\n")
    link = tmp_path / "link.nq"
    link.symlink_to(target)
    result = run_kg("export", "-f", "nquads", "-o", str(link), store=store)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == expected + "\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.nq", "real.nq"]


def test_a_fifo_is_written_through(store, expected, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def drain() -> None:  # blocks in open() until kg opens the FIFO for writing
        with open(fifo, "rb") as reader:
            received.append(reader.read())

    thread = threading.Thread(target=drain, daemon=True)
    thread.start()
    result = run_kg("export", "-f", "nquads", "-o", str(fifo), store=store, timeout=120)
    thread.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a regular file"
    assert received and received[0].decode() == expected + "\n"


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod of a character device needs root")
def test_a_device_file_is_written_through_not_replaced(store, tmp_path):
    null = tmp_path / "mynull"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # the same device as /dev/null
    result = run_kg("export", "-f", "nquads", "-o", str(null), store=store)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.lstat(null).st_mode), "the device was replaced by a regular file"


def test_dev_stdout_is_written_through(store, expected):
    result = run_kg("export", "-f", "nquads", "-o", "/dev/stdout", store=store)
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected + "\n"
    assert not os.path.exists("/dev/stdout.part")


def _no_bigger_than(limit: int):
    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limit_file_size


def test_a_failed_export_leaves_the_old_file_and_no_part(store, tmp_path):
    out = tmp_path / "out.trig"
    out.write_text("old\n")
    env = {**os.environ, "KG_STORE": str(store)}
    env.pop("KG_DEBUG", None)
    result = subprocess.run(
        [*KG, "export", "-o", str(out)],
        capture_output=True, text=True, env=env, timeout=300, preexec_fn=_no_bigger_than(1000),
    )
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert out.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.trig"], "a .part was left behind"


def test_a_file_name_with_a_newline_keeps_the_error_on_one_line(store, tmp_path):
    out = tmp_path / "no such dir\nsecond line" / "out.trig"
    (tmp_path / "no such dir\nsecond line").write_text("a file, not a folder")
    result = run_kg("export", "-o", str(out), store=store)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "\\n" in result.stderr  # the newline is shown escaped, not dropped


def test_an_error_while_writing_keeps_the_old_file(tmp_path):
    from kg.output import open_output

    out = tmp_path / "out.txt"
    out.write_text("old\n")
    with pytest.raises(RuntimeError), open_output(out) as handle:
        handle.write("half of the new")
        raise RuntimeError("formatting failed")
    assert out.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]
