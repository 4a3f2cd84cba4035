"""The client of Cổng DVCQG (through the province's adapter), as ``national-platform.md`` reads it.

Every call is a POST of a JSON body with the header ``dstcode``: first ``{auth_path}`` with the username and
secret for a session, then ``{integration_path}`` with ``{"session", "madonvi", "service", …}``. The reply's
``error_code`` "0" is success; "-1" a session the portal no longer knows (renewed once, the call repeated).

Two kinds of failure, kept apart because the worker treats them differently:

- :class:`Unavailable` — the *call* failed: connection refused, timeout, HTTP status ≥ 400, a body that is
  not the portal's JSON, or a call-level ``error_code`` ≠ "0" (a wrong agency code, "under maintenance").
  Nothing can be said of the records: they are sent again later, with the same keys.
- a *record* refused for its content (``result[i].error_code`` ≠ "0": a missing field, an unknown status
  code, a progress record of a dossier the portal does not know): :class:`RecordResult` with ``ok``
  False. Sent again unchanged it would be refused again: the worker moves it to the dead letters at once.

One ``requests.Session`` per client (HTTP keep-alive); the portal session token is kept until refused.
Endpoints, codes and names are configuration (``CCHC_DVCQG_…``, README "The national platform").
"""

from __future__ import annotations

import dataclasses
import threading

import requests
from django.conf import settings


class Unavailable(Exception):
    """The portal (or the adapter) did not answer the call usefully: retry later, nothing is known.

    ``transport`` True: the portal could not be reached at all (refused, timed out, HTTP 5xx) — the other
    calls of the same run would fail the same way, so the worker does not try them."""

    def __init__(self, message: str, *, transport: bool = False):
        super().__init__(message)
        self.transport = transport


@dataclasses.dataclass(frozen=True)
class RecordResult:
    """The portal's answer for one record of a ``data[]``."""

    code: str  # MaHoSo
    ok: bool
    message: str = ""


@dataclasses.dataclass
class Config:
    url: str
    auth_path: str = "/auth"
    integration_path: str = "/integration"
    dstcode: str = "VPCP"
    username: str = ""
    secret: str = ""
    key_field: str = "MaDongBo"
    connect_timeout: float = 5
    timeout: float = 30

    @classmethod
    def from_settings(cls) -> Config:
        return cls(
            url=settings.CCHC_DVCQG_URL,
            auth_path=settings.CCHC_DVCQG_AUTH_PATH,
            integration_path=settings.CCHC_DVCQG_INTEGRATION_PATH,
            dstcode=settings.CCHC_DVCQG_DSTCODE,
            username=settings.CCHC_DVCQG_USERNAME,
            secret=settings.CCHC_DVCQG_SECRET,
            key_field=settings.CCHC_DVCQG_KEY_FIELD,
            connect_timeout=settings.CCHC_DVCQG_CONNECT_TIMEOUT,
            timeout=settings.CCHC_DVCQG_TIMEOUT,
        )


def agency_code(local_code: str) -> str:
    """The portal's code (``madonvi``) of the agency CCHC knows as ``local_code``: ``CCHC_DVCQG_AGENCY_CODES``
    when it lists the agency, else the agency's own QCVN 102 code (the code the portal issues)."""
    return settings.CCHC_DVCQG_AGENCY_CODES.get(local_code, local_code)


class Client:
    SERVICE_DOSSIER = "DongBoHoSoMC"
    SERVICE_PROGRESS = "CapNhatTienDoHoSoMC"
    SERVICE_LOOKUP = "TraCuuHoSo"

    def __init__(self, config: Config | None = None):
        self.config = config or Config.from_settings()
        self.http = requests.Session()
        self.http.headers.update({"Content-Type": "application/json", "dstcode": self.config.dstcode})
        self._token = ""
        self._lock = threading.Lock()

    def close(self) -> None:
        self.http.close()

    # --- transport ------------------------------------------------------------------------------------

    def _post(self, path: str, body: dict) -> dict:
        try:
            reply = self.http.post(
                self.config.url + path,
                json=body,
                timeout=(self.config.connect_timeout, self.config.timeout),
            )
        except requests.RequestException as exc:  # refused, reset, timed out, DNS…
            raise Unavailable(f"{type(exc).__name__}: {exc}", transport=True) from exc
        if reply.status_code >= 400:
            raise Unavailable(
                f"HTTP {reply.status_code}: {reply.text[:300]}", transport=reply.status_code >= 500
            )
        try:
            data = reply.json()
        except ValueError as exc:
            raise Unavailable(f"Trả lời không phải JSON: {reply.text[:300]}") from exc
        if not isinstance(data, dict):
            raise Unavailable("Trả lời không phải một đối tượng JSON")
        return data

    def token(self, *, renew: bool = False) -> str:
        """The portal session, asked for once and kept until the portal refuses it."""
        with self._lock:
            if renew or not self._token:
                data = self._post(
                    self.config.auth_path, {"username": self.config.username, "secret": self.config.secret}
                )
                if str(data.get("error_code")) != "0" or not data.get("session"):
                    code, message = data.get("error_code"), data.get("message", "")
                    raise Unavailable(f"Không lấy được phiên làm việc (mã {code}): {message}")
                self._token = str(data["session"])
            return self._token

    def call(self, service: str, madonvi: str, **fields) -> dict:
        """One service call; the reply when ``error_code`` is "0", else :class:`Unavailable`."""
        token = self.token()
        for attempt in (1, 2):
            data = self._post(
                self.config.integration_path,
                {"session": token, "madonvi": madonvi, "service": service, **fields},
            )
            code = str(data.get("error_code"))
            if code == "-1" and attempt == 1:  # the session expired: a new one, the call once more
                token = self.token(renew=True)
                continue
            if code != "0":
                raise Unavailable(f"{service}: error_code {code}: {data.get('message', '')}")
            return data
        raise AssertionError("unreachable")

    # --- services -------------------------------------------------------------------------------------

    def _records(self, service: str, madonvi: str, records: list[dict], **fields) -> list[RecordResult]:
        data = self.call(service, madonvi, data=records, **fields)
        result = data.get("result")
        if not isinstance(result, list) or len(result) != len(records):
            raise Unavailable(f"{service}: trả lời không có kết quả cho từng bản ghi")
        return [
            RecordResult(
                code=str(row.get("MaHoSo", "")),
                ok=str(row.get("error_code", "0")) == "0",
                message=str(row.get("message", "")),
            )
            for row in result
        ]

    def sync_dossiers(self, madonvi: str, records: list[dict], *, updating: bool) -> list[RecordResult]:
        """``DongBoHoSoMC``: create (``updating`` False) or update dossiers; one result per record."""
        return self._records(
            self.SERVICE_DOSSIER, madonvi, records, isUpdating="True" if updating else "False"
        )

    def report_progress(self, madonvi: str, records: list[dict]) -> list[RecordResult]:
        """``CapNhatTienDoHoSoMC``: processing steps of known dossiers; one result per record."""
        return self._records(self.SERVICE_PROGRESS, madonvi, records)

    def lookup(self, madonvi: str, code: str) -> dict | None:
        """``TraCuuHoSo``: the portal's record of a dossier, None when it does not know it."""
        result = self.call(self.SERVICE_LOOKUP, madonvi, MaHoSo=code).get("result") or []
        return result[0] if result else None
