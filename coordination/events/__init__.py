"""Events of the bodies (panels, webinars, round tables…) with their sessions."""
