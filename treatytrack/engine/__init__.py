"""The engine: documents in, events out.

.. versionadded:: 0.1
"""

from .reader import DocumentInput, Engine, as_document, extract, extract_many, load_rules

__all__ = ["DocumentInput", "Engine", "as_document", "extract", "extract_many", "load_rules"]
