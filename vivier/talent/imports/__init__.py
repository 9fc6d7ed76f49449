"""Profiles arriving from files: JSON Resume, LinkedIn's data export; each through `save_person`."""
