"""Request plumbing shared by the blueprints: htmx, forms, errors, guards, headers, the commit point."""
