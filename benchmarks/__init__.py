"""Quality and speed of duty matching, measured on the development set (``make bench``; never from tests)."""
