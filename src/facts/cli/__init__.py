"""The command line: the fast entry, the Typer app and its commands, output formats and consoles."""
