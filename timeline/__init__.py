"""A static site generator for a curated, sourced news timeline."""

__version__ = "0.1.0"
