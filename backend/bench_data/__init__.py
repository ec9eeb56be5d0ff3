"""Chain-scale synthetic data for the benchmark (`flask bench-data`), bulk-loaded with COPY.

Kept out of the application package: nothing in app/ imports it except the CLI hook.
"""
