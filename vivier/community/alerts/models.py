"""The models of job alerts."""
