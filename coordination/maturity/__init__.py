"""Digital-maturity self-assessments: frameworks, campaigns, members' assessments and the network's figures."""
