"""Server-rendered pages (Jinja templates in the top-level templates/ folder)."""
