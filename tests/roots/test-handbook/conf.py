"""A handbook with the real vocabularies; tests choose the projects folder."""

extensions = ["servicehandbok"]
language = "sv"
nitpicky = True
html_theme = "basic"
servicehandbok_projects = "projects"
