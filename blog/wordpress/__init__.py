"""
WordPress's content as the blog's (``manage.py import_wordpress``): bodies as
Markdown (``content``), uploads through the image gate (``media``), authors,
terms and posts (``importer``) and what a run reports (``report``).
"""
