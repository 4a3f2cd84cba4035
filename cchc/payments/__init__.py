"""Online payment of fees and charges through the payment platform: signed requests, verified callbacks,
electronic receipts, refunds and the daily reconciliation (issue 15, decision 0023)."""
