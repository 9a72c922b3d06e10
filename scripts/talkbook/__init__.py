"""talkbook: publish a verbatim talk transcript with editorial overlays as a searchable site and a PDF.

Stages, one module each: load -> validate -> anchor -> structure (builds the model) -> render -> verify.
`pipeline` strings them together; `cli` and `mkdocs_hook` are thin adapters over `pipeline`.
"""
