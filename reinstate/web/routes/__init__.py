"""Routes: thin adapters that parse a request, call a service and render the answer."""
