"""Exporters: the document → Excel annex tables, PDF, Word, plain text."""
