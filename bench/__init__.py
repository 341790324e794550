"""Benchmarks: realistic data sets, the tally's cost as data grows, check-in throughput, page weight."""
