"""Pure domain of fmbot: the 三定 catalog, duty matching, reviews, calendar and deadlines.

Nothing here opens a file, a socket or a database.
"""
