"""The models of offer letters."""
