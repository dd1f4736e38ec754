"""`jamfkb scan` on a big, messy log: wall time and peak RSS of the child process.

    python -m bench.scan_big                    # 200 MB, bundled content (or x1 if invalid)
    python -m bench.scan_big --size-mb 50 --content /tmp/kb10

The log (written to a temp folder, deleted afterwards) mixes syslog-like noise, lines that
carry known error signatures, invalid UTF-8, and very long lines without a newline (one of
them with a signature in the middle, to exercise the piece overlap). Target: RSS ≤ 100 MB.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.run import child_env, fmt_s, jamfkb_cmd, run_child, run_hwm

RSS_TARGET_MB = 100
NOISE = [
    "{ts} host kernel[0]: Sandbox: mdworker_shared({pid}) deny(1) file-read-data /private/var/db",
    "{ts} host mdmclient[{pid}]: [com.apple.ManagedClient:MDMDaemon] Processing server request",
    "{ts} host jamf[{pid}]: Checking for policies triggered by \"recurring check-in\" for user",
    "{ts} host JamfAAD[{pid}]: Gathering AAD information; attempt {n}",
    "{ts} host softwareupdated[{pid}]: SUOSUScan: Scan for client pid {n} finished",
    "{ts} host trustd[{pid}]: cert[0]: AnchorTrusted =(leaf)[force]> 0",
    "{ts} host com.apple.xpc.launchd[1]: (com.jamf.management.daemon) Service exited 0",
]
INVALID = [b"\xff\xfe\xfd garbage \xc3\x28 \xa0\xa1", b"\xe2\x82 broken \xf0\x28\x8c\xbc",
           b"\x00\x01\x02 nul and control bytes \x1b[31m"]


def write_log(path: Path, size: int, signatures: list[str], seed: int = 1) -> int:
    """Write ``size`` bytes of log; returns how many signature lines were planted."""
    rng = random.Random(f"scan-big:{seed}")
    planted = 0
    chunk_lines = []
    for i in range(40_000):
        ts = f"2024-05-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:{(i * 7) % 60:02d}"
        chunk_lines.append(rng.choice(NOISE).format(ts=ts, pid=rng.randrange(99999),
                                                    n=rng.randrange(999)).encode())
    chunk = b"\n".join(chunk_lines) + b"\n"
    long_line = bytes(rng.choice(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij0123456789+/")
                      for _ in range(1 << 20))
    written = 0
    block = 0
    with open(path, "wb") as out:
        while written < size:
            out.write(chunk)
            written += len(chunk)
            # a few signature lines, invalid UTF-8 and, now and then, a very long line
            for _ in range(3):
                if signatures:
                    sig = rng.choice(signatures)
                    line = f"2024-05-03 10:00:00 host jamf[42]: {sig}\n".encode()
                    out.write(line)
                    written += len(line)
                    planted += 1
            bad = rng.choice(INVALID) + b"\n"
            out.write(bad)
            written += len(bad)
            if block % 10 == 0:  # ~8 MB line with no newline until the end
                n = 8
                mid = (f" {signatures[block % len(signatures)]} ".encode() if signatures else b"")
                out.write(long_line * (n // 2) + mid + long_line * (n - n // 2) + b"\n")
                written += (1 << 20) * n + len(mid) + 1
                planted += bool(mid)
            block += 1
    return planted


MBS_TARGET = 100
GREP_RATIO_TARGET = 10
GZ_MBS_TARGET = 50


def _grep_floor(work: Path, log: Path, sigs: list[str]) -> float | None:
    """``grep -F -i -f`` over the same signatures: what a plain search tool does."""
    grep = shutil.which("grep")
    if grep is None:
        return None
    patterns = work / "signatures.txt"
    patterns.write_text("\n".join(sigs) + "\n", encoding="utf-8")
    t = time.perf_counter()
    # Output to a pipe, never to /dev/null: GNU grep that sees its output is /dev/null
    # stops at the first match, like -q (that floor read 12–27 ms for the whole log).
    subprocess.run([grep, "-F", "-i", "-c", "-f", str(patterns), str(log)],
                   stdout=subprocess.PIPE, check=False)
    return time.perf_counter() - t


def _gzip_run(work: Path, log: Path, root: Path, env: dict[str, str]
              ) -> tuple[float, int, str, int]:
    """The same log compressed (level 1, as log rotation does quickly), scanned."""
    packed = work / "big.log.gz"
    with open(log, "rb") as src, gzip.open(packed, "wb", compresslevel=1) as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
    return run_hwm(["-m", "jamfkb.tui.cli", "scan", "--json", "--content", str(root),
                    str(packed)], env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scan_big")
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--content", type=Path, help="content tree (default: bundled, else x1)")
    args = parser.parse_args(argv)

    from bench.generate import generate, write
    from jamfkb.kb.compiler import compile_tree

    work = Path(tempfile.mkdtemp(prefix="jamfkb-scan-"))
    try:
        root = args.content or (Path(__file__).resolve().parent.parent / "content")
        kb, _ = compile_tree(root)
        if kb is None:
            root = work / "x1"
            write(generate(1, 1), root)
            kb, _ = compile_tree(root)
        assert kb is not None
        sigs = sorted({s.text for s in kb.signatures})
        log = work / "big.log"
        t = time.perf_counter()
        planted = write_log(log, args.size_mb << 20, sigs)
        gen = time.perf_counter() - t
        size = log.stat().st_size
        env = child_env(work / "cache")
        run_child([*jamfkb_cmd(), "diagnose", "--content", str(root), "warm the cache"], env)
        floor_code = (f"f = open({str(log)!r}, 'rb')\n"
                      "while f.readline(65536): pass")
        floor, floor_rss, _, _ = run_hwm(["-c", floor_code], env)
        wall, rss, out, rc = run_hwm(
            ["-m", "jamfkb.tui.cli", "scan", "--json", "--content", str(root), str(log)], env)
        found = "?"
        if rc == 0:
            try:
                data = json.loads(out)
                found = str(len(data.get("findings", data.get("hits", []))))
            except (ValueError, AttributeError):
                pass
        grep_wall = _grep_floor(work, log, sigs)
        gz_wall, gz_rss, _, gz_rc = _gzip_run(work, log, root, env)
        rss_mb = rss / 1024
        verdict = "PASS" if rss_mb <= RSS_TARGET_MB else "MISS"
        print(f"== jamfkb scan on a {size / 2**20:.0f} MB log ({root}; written in {gen:.1f} s; "
              f"{planted} signature lines planted)")
        print(f"wall time          {fmt_s(wall)}   ({size / 2**20 / wall:.1f} MB/s; floor: Python "
              f"readline loop {fmt_s(floor)}, ×{wall / floor:.1f})")
        print(f"peak RSS (child)   {rss_mb:.0f} MB   (target ≤ {RSS_TARGET_MB} MB {verdict}; "
              f"readline loop {floor_rss / 1024:.0f} MB)")
        print(f"exit code          {rc}; findings reported: {found}")
        mbs = size / 2**20 / wall
        if grep_wall is not None:
            print(f"grep -F -i -f      {fmt_s(grep_wall)}   (the same signatures; jamfkb "
                  f"×{wall / grep_wall:.1f}, target ≤ ×{GREP_RATIO_TARGET}; "
                  f"{mbs:.0f} MB/s, target ≥ {MBS_TARGET} MB/s)")
        print(f"scan of a .gz      {fmt_s(gz_wall)}   ({size / 2**20 / gz_wall:.1f} MB/s of "
              f"text, target ≥ {GZ_MBS_TARGET}; RSS {gz_rss / 1024:.0f} MB; exit {gz_rc})")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
