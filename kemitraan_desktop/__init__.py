"""Kemitraan Desktop: building the health partnerships of an independent practice, step by step."""

__version__ = "0.1.0"
