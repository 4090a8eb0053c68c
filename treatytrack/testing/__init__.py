"""Testing rule packs: example runners, hypothesis strategies and the pytest plugin.

.. versionadded:: 0.1
"""

from .examples import ExampleResult, check_expect, run_examples

__all__ = ["ExampleResult", "check_expect", "run_examples"]
