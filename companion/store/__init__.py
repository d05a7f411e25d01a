"""SQLite storage through sqlite-utils: one private file, WAL, migrations per feature."""
