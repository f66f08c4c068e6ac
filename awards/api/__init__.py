"""The award workflow's API, one module per audience (public, applicant, panel, network,
staff); the URLs are in awards/api_urls.py.

Every write calls the service the pages call, and every lookup is the pages' own
permission-checked one, so the rules of DESIGN.md section 4 hold here too.
"""
