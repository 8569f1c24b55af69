"""Bodies of the network (councils, commissions, communities…), their history, memberships and leadership."""
