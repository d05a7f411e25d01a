"""Benchmarks: caption accuracy, latency and cost (``companion bench captions``).

Not imported by the app; the command line loads it on demand.
"""
