"""Small set-ups shared by the read-only tables of the dialogs."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QTableView


def read_only_rows(view: QTableView, single: bool = False, wrap: bool = True) -> None:
    """A table one reads and picks whole rows from (*single*: one at a time); nothing edited
    in place, no row numbers."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(wrap)
    view.verticalHeader().setVisible(False)
