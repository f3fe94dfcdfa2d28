"""Benchmarks of the bank generator at scale (see bench/run.py)."""
