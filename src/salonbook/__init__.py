"""Salonbook: a self-hostable system that runs a salon."""
