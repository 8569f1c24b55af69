"""The demo network, built from the seed documents in the users' own words."""
