"""REST API v1 of outgoing documents: inputs, outputs, views and the schema's error examples."""
