"""Output formats: JSON, Markdown, plain text and DOCX renderings of a Document.

``registry.FORMATS`` lists them by name for the CLI.
"""
