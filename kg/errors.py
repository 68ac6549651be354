class KgError(Exception):
    """An error to show the user as one line, without a traceback."""
