"""Resource namespaces. Each API operation is declared once, in one of these modules.

A declaration serves the blocking client, the asyncio client, the CLI and the
coverage table alike; see :mod:`fivetrex._operation`.
"""
