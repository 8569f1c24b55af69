"""Shared plumbing: settings, database, errors, i18n, pagination, scheduling.

Nothing in here imports a domain package; domains import the core.
"""
