"""Benchmarks and the generator of synthetic histories (see bench/README.md)."""
