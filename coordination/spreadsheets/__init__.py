"""Spreadsheets in and out: every kind of the network's data as CSV and XLSX, imported back with a preview."""
