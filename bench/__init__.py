"""Benchmarks for jamfkb: a synthetic content generator and the benchmark runner.

See docs/BENCHMARKS.md. Nothing here is imported by kb/, engine/ or tui/.
"""
