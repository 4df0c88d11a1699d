"""The printed documents (ReportLab): the PKS, the archive, the readiness and evaluation reports."""

from __future__ import annotations


def accelerated() -> bool:
    """Whether ReportLab measures and writes text with its C functions (``rl_accel``).

    Without them every document still prints, only slower (a PKS takes about a tenth longer, a
    long archive more); ReportLab finds them by an ``exec``'d import that a bundler can miss.
    """
    from reportlab.lib import rl_accel

    return not rl_accel._py_funcs  # noqa: SLF001 - the functions it fell back to Python for
