"""Periodic progress reporting: periods, slots (who owes a report for which period), reports with
versions and a review workflow, attachments, and completeness (DHIS2's reporting and timeliness rates)."""
