"""Which dossiers a portal session may act on, for the dossier pages and the pages of the apps above
(online payment): the codes found by tracking (``SESSION_TRACKED``) and the proofs — the tracking
secret or a notice's signed link — checked once and kept per code (``SESSION_PROOFS``)."""

from __future__ import annotations

from cchc.dossiers import selectors, services
from cchc.dossiers.models import Dossier

SESSION_TRACKED = "cchc_tracked"
SESSION_PROOFS = "cchc_dossier_proofs"


def proof_of(request, dossier: Dossier) -> str:
    """The proof this session holds for ``dossier``, if it still checks ("" otherwise)."""
    proof = request.session.get(SESSION_PROOFS, {}).get(dossier.code, "")
    return proof if proof and services.check_proof(dossier, proof) else ""


def proven_dossier(request, code: str) -> Dossier | None:
    """The dossier ``code`` if this session holds a valid proof for it, else None."""
    if code not in request.session.get(SESSION_PROOFS, {}):
        return None
    dossier = selectors.dossier_by_code(code)
    return dossier if dossier is not None and proof_of(request, dossier) else None
