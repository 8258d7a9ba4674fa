"""`python -m kg.cli ...` runs the command line (the tests start it this way)."""

from kg.cli import main

main()
