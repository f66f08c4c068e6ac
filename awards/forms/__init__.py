"""Forms of the award workflow, one module per sub-domain. Import them from the submodules:
this package re-exports nothing.
"""
