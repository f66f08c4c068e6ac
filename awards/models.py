"""Award schemes, criteria, applications, panels, reviews, decisions and awards.

The award workflow arrives with its own issue; the app exists from the start so that the
layout is the one DESIGN.md describes.
"""
