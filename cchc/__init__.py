"""CCHC — one-stop shop and administrative-reform plan system."""
