"""The models of hubs."""
