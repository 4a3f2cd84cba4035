"""Stand-ins of the outside systems CCHC talks to and cannot reach from a test machine: the national
portal (``dvcqg``), the payment platform (``paygate``) and the national sign-on (``oidc``).

Each is a WSGI app run as its own process on loopback (``python -m tools.standins <name> --port N``),
started by the tests (``tests/standins.py``) and by ``make run``. They are test doubles of the outside
system, honest about what they check: they refuse what the real system would refuse (missing fields,
unknown codes, a wrong checksum, a message out of sequence) and report what they received through
``GET /_state``. ``POST /_control`` sets the switches the fault tests need (fail, delay, duplicate,
reorder…); ``POST /_reset`` forgets everything.
"""
