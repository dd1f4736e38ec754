"""Run a module or code and write this process's own peak RSS (VmHWM, KB) to a file.

    python -m bench.hwm OUT -m jamfkb.tui.cli scan big.log
    python -m bench.hwm OUT -c "import experta"

Why not ``wait4``'s ``ru_maxrss``: on Linux a child's ``ru_maxrss`` also counts the memory
of the process that spawned it (the high-water mark of the pre-``exec`` image), so a
benchmark parent holding a big generated tree would inflate every child's figure.
``VmHWM`` is the high-water mark of this process's own address space, reset by ``exec``.
"""

from __future__ import annotations

import atexit
import runpy
import sys


def vm_hwm_kb() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    out, mode, target, *rest = sys.argv[1:]

    def report() -> None:
        with open(out, "w", encoding="ascii") as handle:
            handle.write(str(vm_hwm_kb()))

    atexit.register(report)
    if mode == "-m":
        sys.argv = [target, *rest]
        runpy.run_module(target, run_name="__main__", alter_sys=True)
    elif mode == "-c":
        sys.argv = ["-c", *rest]
        exec(compile(target, "<string>", "exec"), {"__name__": "__main__"})
    else:
        raise SystemExit("usage: python -m bench.hwm OUT (-m MODULE | -c CODE) [ARGS...]")


if __name__ == "__main__":
    main()
