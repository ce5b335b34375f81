"""HTML pages of outgoing documents, one module per area (see urls.py)."""
