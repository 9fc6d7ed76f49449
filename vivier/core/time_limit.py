"""Run a function in a child process and stop it after a time limit (parsing untrusted files)."""

import multiprocessing
import signal


class TookTooLong(Exception):
    """The child did not answer within the limit; it was stopped."""


def _default_signals() -> None:
    # The child is forked from the worker, whose queue (Huey) handles SIGTERM by finishing its
    # task: the pool's terminate() would then wait for a child that never exits, and hang the
    # worker. The child goes back to dying on SIGTERM.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def call_with_time_limit(function, arguments: tuple, seconds: float):
    """function(*arguments) in a forked child; TookTooLong past `seconds`."""
    context = multiprocessing.get_context("fork")
    with context.Pool(1, initializer=_default_signals) as pool:
        pending = pool.apply_async(function, arguments)
        try:
            return pending.get(timeout=seconds)
        except multiprocessing.TimeoutError as error:
            raise TookTooLong from error
