"""Extraction scheduled when a post is published (filled in with the task)."""
