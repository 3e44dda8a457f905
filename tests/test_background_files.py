"""Files made in a forked process and moved into a directory when all are made (plansite/runtime/background.py)."""

from __future__ import annotations

import os
import time

import pytest

from plansite.runtime.background import BackgroundFiles, BackgroundFilesError


def test_the_files_are_made_apart_then_each_replaces_the_served_one(tmp_path):
    site = tmp_path / "site"
    (site / "du-lieu").mkdir(parents=True)
    (site / "du-lieu" / "a.csv").write_text("cũ\n", encoding="utf-8")
    made_here = []
    job = BackgroundFiles({"du-lieu/a.csv": lambda: made_here.append(1) or "mới\n", "lich/b.ics": lambda: b"\x00\x01"},
                          tmp_path / ".site.files")
    job.wait()
    assert (site / "du-lieu" / "a.csv").read_text(encoding="utf-8") == "cũ\n"  # nothing served changes before install
    job.install(site)
    assert (site / "du-lieu" / "a.csv").read_text(encoding="utf-8") == "mới\n"
    assert (site / "lich" / "b.ics").read_bytes() == b"\x00\x01"
    assert made_here == []  # made in the forked process
    assert not (tmp_path / ".site.files").exists()


def test_a_make_that_raises_is_reported_with_its_traceback(tmp_path):
    job = BackgroundFiles({"a.csv": lambda: 1 / 0}, tmp_path / ".site.files")
    with pytest.raises(BackgroundFilesError, match="ZeroDivisionError"):
        job.wait()
    job.close()
    assert not (tmp_path / ".site.files").exists()


def test_closing_stops_the_process_and_removes_what_it_wrote(tmp_path):
    job = BackgroundFiles({"a.csv": lambda: time.sleep(60) or "x"}, tmp_path / ".site.files")
    started = time.monotonic()
    job.close()
    assert time.monotonic() - started < 10
    with pytest.raises(ProcessLookupError):
        os.kill(job.pid, 0)
    assert not (tmp_path / ".site.files").exists()
