"""Helpers shared by scripts/sweep, scripts/claims and tests/integration/fake_spine_fe.py.

Standard library only (numpy/matplotlib are imported lazily, for plots)."""
import os

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class UserError(Exception):
    """Bad input: printed as one line 'error: ...' and a non-zero exit, never a traceback."""
