"""Runs one submission inside the sandbox: ``python -m medialit.grading.runner IN OUT``.

Started by :mod:`medialit.grading.sandbox` in a fresh folder, with a clean environment and (when
the grader is root) as the unprivileged sandbox user. It sets the limits before any student code
runs, executes every cell in a new kernel (errors do not stop the run; a cell that runs too long
is interrupted), and writes the executed notebook to OUT, even when the kernel dies part-way.
Nothing here decides a mark.
"""
from __future__ import annotations

import argparse
import resource
import sys


def _limit(kind: int, value: int) -> None:
    soft, hard = resource.getrlimit(kind)
    new = value if hard == resource.RLIM_INFINITY else min(value, hard)
    resource.setrlimit(kind, (new, new))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m medialit.grading.runner")
    parser.add_argument("notebook")
    parser.add_argument("output")
    parser.add_argument("--timeout", type=int, default=60, help="seconds per cell")
    parser.add_argument("--memory", type=int, default=2 * 1024**3, help="address-space limit in bytes")
    parser.add_argument("--file-size", type=int, default=200 * 1024**2, help="largest file it may write")
    parser.add_argument("--processes", type=int, default=0, help="process limit for the sandbox user (0: none)")
    args = parser.parse_args(argv)

    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, DeadKernelError

    nb = nbformat.read(args.notebook, as_version=4)
    # limits first: the kernel and everything it starts inherit them
    _limit(resource.RLIMIT_AS, args.memory)
    _limit(resource.RLIMIT_FSIZE, args.file_size)
    _limit(resource.RLIMIT_CORE, 0)
    if args.processes:
        _limit(resource.RLIMIT_NPROC, args.processes)
    client = NotebookClient(
        nb, timeout=args.timeout, allow_errors=True, interrupt_on_timeout=True, kernel_name="python3",
        extra_arguments=["--HistoryManager.hist_file=:memory:"], record_timing=False,
        resources={"metadata": {"path": "."}},
        error_on_timeout={"ename": "CellTimeoutError", "evalue": f"the cell ran for more than {args.timeout} s",
                          "traceback": [f"CellTimeoutError: the cell ran for more than {args.timeout} s"]})
    status = 0
    try:
        client.execute()
    except (DeadKernelError, CellExecutionError, RuntimeError, TimeoutError) as exc:
        # the kernel died or stopped answering: keep what ran, say so in the notebook's metadata
        nb.metadata.setdefault("medialit_grading", {})["stopped"] = f"{type(exc).__name__}: {str(exc)[:300]}"
        status = 3
    nbformat.write(nb, args.output)
    return status


if __name__ == "__main__":
    sys.exit(main())
