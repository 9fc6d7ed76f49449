"""The models of interviews."""
