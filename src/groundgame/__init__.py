"""groundgame: a site kit for a network of community clubs, run from a Git repository.

The package is the pure core (loading, checking, recurrence, calendars) and the
``groundgame`` command line. The Pelican plugins in ``plugins/`` are thin adapters
over it, so what ``groundgame validate`` accepts is exactly what the site builds.
"""

__version__ = "0.1.0"
