"""groundgame: a site kit for a network of community clubs, run from a Git repository.

The package's folders are its layers, each importing only from itself and those before it
(``tests/test_layers.py`` checks):

- the kernels here at the top: problems, settings (``config``, ``settings_file``), ``clock``,
  ``urls``, the guarded writer (``output``), ``i18n`` and CLDR names, the parsed ``document``;
- ``model``: records, series rules, time zones and the schedule;
- ``content``: files, YAML, schemas, reading, rules and the network loader;
- ``feeds``: iCal, the JSON API, Atom, and the history and revisions behind them;
- ``site``: the page model, views, rendering, facets, news pages, Markdown and search;
- ``build``: the one build (``core.build``) that the Pelican plugin and ``export`` call, and the
  digests of what each output is made from (for incremental rebuilds);
- ``tools``: fmt, new, forms, CODEOWNERS, the stale report, summaries and export;
- and ``cli``, the ``groundgame`` command, above them all.

The Pelican plugin in ``plugins/`` is a thin adapter over it, so what ``groundgame validate``
accepts is exactly what the site builds.
"""

__version__ = "0.1.0"
