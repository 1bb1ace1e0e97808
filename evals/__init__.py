"""Benchmarks and evaluation harness."""
