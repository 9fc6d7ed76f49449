"""In-app notifications and their e-mail digests, for every part of Vivier (issue 7 part 8)."""
