"""Compatibility only: the helpers of the security tests (tests/security/support.py)."""
