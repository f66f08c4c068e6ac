"""Lookups that the award services and views share, one module per sub-domain (mirroring
awards/models/ and awards/services/). Import them from the submodules: this package
re-exports nothing.
"""
