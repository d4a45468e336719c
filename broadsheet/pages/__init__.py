"""Standalone pages (About, Contact): outside the blog's lists, feeds and comments."""
