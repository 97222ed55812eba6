"""Benchmarks of the performance targets in DESIGN.md; `make bench` runs them all.

Each module measures one target on this machine against the real stack (the bot, the local
Telegram emulator, SQLite in a temporary directory) and returns a `Result`; `__main__`
prints a line per benchmark and writes `docs/benchmarks.md`.
"""
