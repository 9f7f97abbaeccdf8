"""The benchmark (`pathways bench`, `make bench`): measure.py measures, fixtures.py holds the
projects and the local server it shares with the tests. Nothing in `build`, `check` or `serve`
imports this package."""
