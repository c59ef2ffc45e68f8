"""The researcher page and graph explorer: static pages that talk only to the public GraphQL API."""
