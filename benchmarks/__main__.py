"""``python -m benchmarks``: the speed benchmark (:mod:`benchmarks.speed`).

The other benchmarks run by name: ``python -m benchmarks.accuracy``, ``benchmarks.parties``.
"""

from benchmarks.speed import main

raise SystemExit(main())
