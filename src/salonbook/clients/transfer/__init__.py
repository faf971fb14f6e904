"""Importing clients from a CSV or Excel file (upload, column mapping, the run, its report, the
pruning of uploads nobody went on with) and exporting the client base; their pages and API.
The background job that runs a large import is transfer/tasks.py."""
