"""A local web app over a store (`kg serve`) and the interactive who-said-what page.

- graph_page: the self-contained HTML page (`kg graph --format html`, and /graph in the app)
- app: the Starlette application (overview, actor and article pages, search, downloads)
- sparql: the read-only SPARQL 1.1 Protocol endpoint at /sparql

Nothing heavy is imported here, so `import kg.serve.graph_page` does not need the web
framework.
"""
