"""The network itself: its name, languages and strategic priorities."""
