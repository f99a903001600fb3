"""Run the CLI as `python -m facts`."""

from facts.entry import main

main()
