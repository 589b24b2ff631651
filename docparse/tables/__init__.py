"""Tables: found from a PDF's own graphics (:mod:`pdf_tables`), from lines drawn on a page
image (:mod:`rulings`) or from words aligned in columns (:mod:`alignment`); built into the
model's grid by :mod:`grid` and placed among the page's blocks by :mod:`placement`."""

from docparse.tables.placement import find_tables, place_tables

__all__ = ["find_tables", "place_tables"]
