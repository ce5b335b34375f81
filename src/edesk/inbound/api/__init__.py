"""REST API v1 for incoming documents: inputs (request serializers), outputs (response
serializers) and views; routes in edesk.inbound.api_urls."""
