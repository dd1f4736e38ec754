"""Inference: rapidfuzz matching of free text, experta forward chaining, question choice.

Consumes the compiled :class:`kb.KnowledgeBase`; never reads ``content/`` itself and never
imports ``tui``.
"""
