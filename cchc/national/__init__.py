"""The connector to the national public service portal (Cổng DVCQG): outbound synchronisation of every
dossier through a durable outbox, inbound dossiers filed on the portal, the catalogue pull and the daily
reconciliation (issue 15, decision 0023)."""
