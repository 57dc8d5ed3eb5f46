"""Benchmarks (not tests): each prints its figure and the ratio against a raw baseline."""
