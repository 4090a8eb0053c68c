"""Fuzzing treatytrack with hostile rule packs and texts (issue 8).

:mod:`.strategies` builds the inputs, :mod:`.targets` feeds them in and checks the outcome.
The default test run takes a few hundred cases per target (tests/test_fuzz_packs.py,
tests/test_fuzz_texts.py); the dedicated job takes 10,000 per target and writes the figures
that docs/reliability.md quotes::

    python -m tests.fuzz --cases 10000 --json fuzz-figures.json
"""
