"""coordination: the secretariat of a network of cities."""
