"""Service functions: the business logic shared by HTTP routes, Celery tasks and the CLI.

Each takes the session as a keyword-only argument and leaves committing to its caller.
"""
