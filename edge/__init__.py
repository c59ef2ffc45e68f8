"""The HTTP edge's own rules, shared by every route: request bounds, the one error boundary,
request ids, metrics and logs. The routes (/graphql, the explorer, the probes) sit above it."""
