"""Opening a chain with its roles, owner and payment methods, and managing its locations.

No models: a chain and its locations are tenancy's rows. This package sits above checkout
because a new chain gets its default payment methods, and above accounts and sync because
writing a location checks a right and records a change; tenancy stays the root every app
builds on.
"""
