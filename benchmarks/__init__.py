"""Benchmarks for the dashboard (`make bench`); not part of `make test`. See benchmarks/README.md."""
