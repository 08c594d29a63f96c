"""plan: answers questions about the Ningxia government's 2020 分工方案 (division-of-labour plan)."""

__version__ = "0.3.0"
