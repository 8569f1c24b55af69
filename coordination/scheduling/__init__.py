"""Scheduled jobs: one runner across every process (a lease in the database), their runs, and the jobs page."""
