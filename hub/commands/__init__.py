"""Subcommands of the `hub` command line, one module each."""
