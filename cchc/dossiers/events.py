"""What the apps above the dossiers hear about every change to a dossier.

``dossier_changed`` is sent after each ``DossierEvent`` is appended — every workflow operation, an
online submission, a counter intake, a paper transfer, a payment — **inside the transaction of the
change**, with ``dossier`` (the row as saved) and ``event`` (the appended ``DossierEvent``). A
receiver writes its own rows there (the national connector queues its synchronisation message, the
payments app opens a refund record), so they commit or roll back with the change itself; a receiver
never sends anything outside (that is what the outboxes are for) and never raises for a reason of
its own. Demo and benchmark data written with ``bulk_create`` sends nothing.
"""

from __future__ import annotations

from django.dispatch import Signal

dossier_changed = Signal()


def send(dossier, event) -> None:
    dossier_changed.send(sender=type(dossier), dossier=dossier, event=event)
