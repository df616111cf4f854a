"""Benchmarks of Cruce: quality, latency and throughput, with their data generators."""
