"""Run the CLI as `python -m facts`."""

from facts.cli import main

main()
