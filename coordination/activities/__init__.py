"""Planned activities under the strategic priorities, with deliverables, partners and participants."""
