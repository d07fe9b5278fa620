"""The build: one sequence from the content folder to every output file.

``core.build`` loads and checks the network, derives the schedule and the page model,
then writes the pages, sitemaps, feeds, API and Atom feeds through one guarded writer,
and finally the search index. The Pelican plugin and ``groundgame export`` both call it.
``inputs`` gives every record a digest, so that a build that follows another in the same
process (``make serve``) remakes only the files whose inputs changed.
"""
