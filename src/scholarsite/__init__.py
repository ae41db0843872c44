"""scholarsite: academic homepages from Jekyll-style sources, built in Python."""

__version__ = "0.3.0"
