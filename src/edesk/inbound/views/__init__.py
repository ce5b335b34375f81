"""HTML pages of incoming documents, one module per area (see urls.py)."""
