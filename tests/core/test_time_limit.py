"""Parsing in a child process with a time limit, from a worker that handles SIGTERM itself."""

import subprocess
import sys
import textwrap

import pytest

from vivier.core.time_limit import TookTooLong, call_with_time_limit

# As Huey's consumer does: SIGTERM only asks the worker to finish. A child forked from it that
# kept this handler would never stop, and the pool's clean-up would wait for it forever.
WORKER = textwrap.dedent(
    """
    import signal, time
    signal.signal(signal.SIGTERM, lambda *_: None)
    from vivier.core.time_limit import TookTooLong, call_with_time_limit
    assert call_with_time_limit(len, ("abc",), 5) == 3
    try:
        call_with_time_limit(time.sleep, (30,), 0.5)
    except TookTooLong:
        print("stopped")
    """
)


def test_a_child_of_a_worker_that_handles_sigterm_is_stopped_and_cleaned_up():
    done = subprocess.run(
        [sys.executable, "-c", WORKER], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "stopped"


def test_the_answer_and_the_limit():
    assert call_with_time_limit(sum, ([1, 2, 3],), 5) == 6
    with pytest.raises(TookTooLong):
        call_with_time_limit(__import__("time").sleep, (10,), 0.3)
