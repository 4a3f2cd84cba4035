"""Notifications to citizens and staff: the ``Outbox``, the one ``enqueue()``, the senders.

Every context writes the texts of its own notices (``cchc.dossiers.notices``, the feedback, plans and
surveys services, ``cchc.indicators.warnings``) and queues them with ``services.enqueue`` inside its
transaction; ``cchc outbox`` (``senders.send_due``) sends them later, with retries. This app imports
nothing of the domain apps: the link to a dossier is a foreign key by name.
"""
