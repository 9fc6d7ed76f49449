"""The models of conversations."""
