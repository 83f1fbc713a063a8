"""fivetrex benchmarks: run them all with ``python3 dev.py bench`` (``bench/run.py``).

Every benchmark measures its subject and a baseline in the same run, interleaved, and
reports the median ratio. Results are recorded in ``BENCHMARKS.md``.
"""
