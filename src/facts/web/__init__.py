"""The web view of `facts serve`: Datasette plugin, templates and the charts it draws."""
