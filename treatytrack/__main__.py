"""``python -m treatytrack``: the command line."""

from .cli import main

main()
