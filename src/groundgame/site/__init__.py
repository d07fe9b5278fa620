"""The site: the page model, what templates see in each language (views), rendering, facets,
Markdown and the search index.
"""
