"""Turning the model into site files: URLs, templates, pages, open data."""
