"""Run one function over many independent tasks: in-process, a process pool or a Dask cluster.

Used by `som batch` (files and `--store`). Results come back in task order whatever the executor,
so a batch gives the same table serially, with `--workers N` and on Dask. Tasks are sent in
chunks: one calculation takes well under a millisecond, so per-task messaging would dominate.

Pool workers die with the process that started them, even when it is killed with SIGKILL and
has no chance to shut the pool down (Linux: PR_SET_PDEATHSIG, set by `_die_with_parent`).
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any

from som.errors import InputError, Problem

EXECUTORS = ("process", "dask")
MAX_CHUNK = 64
DASK_CONNECT_TIMEOUT = "10s"


def failure_text(exc: Exception) -> str:
    """The error column of a batch row: the Danish problems, or the internal error's name."""
    if isinstance(exc, InputError):
        return " | ".join(str(p) for p in exc.problems)
    return f"intern fejl: {type(exc).__name__}: {exc}"


def _die_with_parent(parent: int) -> None:
    """Pool initializer: ask the kernel to kill this worker when its parent dies (Linux only;
    elsewhere workers notice the closed pipe when they next look for work)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def chunk_size(n_tasks: int, workers: int) -> int:
    """About 8 chunks per worker (load balance), at most MAX_CHUNK tasks each.

    >>> chunk_size(10_000, 2), chunk_size(10, 4), chunk_size(0, 1)
    (64, 1, 1)
    """
    return max(1, min(MAX_CHUNK, n_tasks // (max(1, workers) * 8) or 1))


def _apply_chunk(func: Callable, chunk: Sequence) -> list:
    return [func(task) for task in chunk]


def run_tasks(func: Callable[[Any], Any], tasks: Sequence, *, workers: int = 1,
              progress: bool = False, unit: str = "beregning", executor: str = "process",
              scheduler: str | None = None) -> list:
    """[func(t) for t in tasks], possibly in parallel; `func` must be a module-level function."""
    from tqdm import tqdm

    bar = tqdm(total=len(tasks), disable=not progress, unit=unit, file=sys.stderr)
    try:
        if executor == "dask":
            return _run_dask(func, tasks, scheduler, workers, bar)
        if executor != "process":
            raise InputError([Problem("--executor", f"ukendt værdi {executor!r}; tilladt: "
                                                    f"{', '.join(EXECUTORS)}")])
        if workers <= 1 or len(tasks) <= 1:
            out = []
            for task in tasks:
                out.append(func(task))
                bar.update()
            return out
        from concurrent.futures import ProcessPoolExecutor

        out = []
        with ProcessPoolExecutor(max_workers=workers, initializer=_die_with_parent,
                                 initargs=(os.getpid(),)) as pool:
            for result in pool.map(func, tasks, chunksize=chunk_size(len(tasks), workers)):
                out.append(result)
                bar.update()
        return out
    finally:
        bar.close()


def _run_dask(func: Callable, tasks: Sequence, scheduler: str | None, workers: int, bar) -> list:
    """Chunks as Dask futures on the cluster at `scheduler` (e.g. tcp://10.0.0.5:8786)."""
    if not scheduler:
        raise InputError([Problem("--scheduler", "--executor dask kræver --scheduler ADRESSE "
                                                 "(fx tcp://127.0.0.1:8786)")])
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise InputError([Problem("--executor", "Dask er ikke installeret; installér med "
                                                "pip install 'som[dask]'")]) from None
    try:
        client = Client(scheduler, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise InputError([Problem("--scheduler", f"kan ikke forbinde til Dask-scheduleren "
                                                 f"{scheduler!r} ({exc})")]) from None
    try:
        n_workers = max(workers, len(client.scheduler_info().get("workers", {})) or 1)
        size = chunk_size(len(tasks), n_workers)
        chunks = [list(tasks[i:i + size]) for i in range(0, len(tasks), size)]
        futures = client.map(_apply_chunk, [func] * len(chunks), chunks, pure=False)
        position = {f.key: n for n, f in enumerate(futures)}
        results: list[list | None] = [None] * len(chunks)
        for future in as_completed(futures, loop=client.loop):
            n = position[future.key]
            results[n] = future.result()
            bar.update(len(chunks[n]))
        return [row for chunk in results for row in chunk]  # type: ignore[union-attr]
    finally:
        client.close()
