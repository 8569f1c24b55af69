"""Members of the network (cities, groupings, ministries…) and their people."""
