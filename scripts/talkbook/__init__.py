"""talkbook: publish a verbatim talk transcript with editorial overlays as a searchable site and a PDF.

One package per stage, imports flowing one way (tests/test_import_flow.py):
sources (files -> checked records) -> edition (anchored, structured model) -> site | pdf.
`cli` and the MkDocs hook (scripts/mkdocs_hooks.py) are thin adapters; `bench` measures everything.
"""
