"""The sentinel for "the knowledge base shipped with som" (a light module: no pydantic)."""

from enum import Enum


class _Default(Enum):
    BUNDLED = "bundled"  # an Enum member keeps its identity across pickling to worker processes


BUNDLED = _Default.BUNDLED  # the knowledge base shipped in knowledge_base/ (bundled_path())
