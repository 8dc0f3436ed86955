"""Backup and restore: `cakupan backup FILE` writes every table of every installed app and the files the rows
refer to into one archive, read from one consistent snapshot while the application runs; `cakupan restore
FILE` checks the whole archive first and then puts it into the database in one transaction.

- `tables`: which tables, and how their values are written (portable between SQLite and PostgreSQL);
- `files`: which files the rows refer to, and where they live on this server;
- `archive`: the layout of the archive and its manifest;
- `dump`: writing a backup; `restore`: reading one back; `cli`: the two commands.
"""
