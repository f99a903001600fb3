"""Run the CLI as `python -m facts`."""

from facts.cli.entry import main

main()
