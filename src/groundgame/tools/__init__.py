"""Contributor tools: fmt, new (scaffold), issue forms, CODEOWNERS, the stale report, pull request
summaries and export.
"""
