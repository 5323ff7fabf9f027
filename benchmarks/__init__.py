"""Quality and speed of duty matching, measured on the development sets (``make bench``; never from tests)."""
