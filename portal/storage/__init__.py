"""The database's write lock, and backups."""
