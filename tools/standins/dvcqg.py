"""A stand-in of the national public service portal (Cổng DVCQG) as a provincial system sees it.

It speaks the shapes of ``shared/docs/national-platform.md`` (learnt from OpenCPS v2): a session from
``POST {auth_path}`` with ``{"username", "secret"}``; then every call ``POST {integration_path}`` with a
JSON body ``{"session", "madonvi", "service", …}`` and the header ``dstcode``; a reply ``{"error_code":
"0", "message", "result": […]}``, ``error_code`` ≠ "0" a failure. Services:

- ``DongBoHoSoMC`` (``isUpdating`` "True"/"False", ``data[]`` dossier records): create or update dossiers;
- ``CapNhatTienDoHoSoMC`` (``data[]`` progress records): a processing step of a known dossier;
- ``TraCuuHoSo`` (``MaHoSo``): the portal's record of a dossier (``result`` empty when unknown);
- ``LayThuTuc`` (``MaTTHC``): a procedure of the national database (from ``catalogue``, a JSON file);
- ``LayDanhSachHoSo`` [S: the inbound service's name and shape are guessed, configurable on CCHC's side]:
  the dossiers filed on the portal for ``madonvi`` that CCHC has not yet taken (``result[]`` records shaped
  like ``DongBoHoSoMC``'s, documents as ``TaiLieuNop[]`` with a ``DuongDanTaiTepTin`` to fetch).

What it checks, as the portal would: the session; ``madonvi`` (one of ``agency_codes`` when given); each
record's required fields, date format ``yyyyMMddHHmmss`` and status code (one of ``status_codes``); that a
progress record or an update is about a dossier it knows (sequence); that a new dossier is not created
twice. Each record carries CCHC's idempotency key in the field named ``key_field`` [S]: a record whose key
was already accepted is answered as accepted again and changes nothing (counted in ``duplicates``).
Progress records that arrive with an earlier ``ThoiDiemXuLy`` than one already accepted for the same
dossier are accepted and listed in ``out_of_order`` (the tests hold it empty).

Test helpers: ``POST /_file`` files a dossier on the portal as a citizen would (JSON record + documents as
``{"TenTepDinhKem", "MaThanhPhanHoSo", "content_base64"}``); it is then offered by ``LayDanhSachHoSo`` and,
when ``push_url`` is set, pushed to CCHC (``POST push_url``, body ``{"service": "DongBoHoSoMoi", "data":
[record]}``, header ``X-DVCQG-Signature: hex HMAC-SHA256(push_secret, body)`` [S]). ``GET /files/<id>``
serves a filed document.

Switches (``POST /_control``): ``fail`` ("http": answer 503; "error": ``error_code`` "99"), ``fail_next``
(fail only the next N calls), ``delay`` (seconds before answering: a reply that never comes when longer than
the client's timeout), ``duplicate`` (offer/push each filed dossier N times), ``reorder`` (offer/push the
filed dossiers newest first), ``session_ttl`` (seconds a session lives).

State is kept in SQLite (``state_file``; a fresh temporary file by default) so the portal remembers what it
received when it is stopped and started again, as the real one would.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from werkzeug.wrappers import Request, Response

from tools.standins.serve import Switches, json_response, with_control

DEFAULT_STATUS_CODES = "1,2,3,4,5,6,7,8,9,10"
DOSSIER_REQUIRED = ("MaHoSo", "MaTTHC", "TenTTHC", "ChuHoSo", "LoaiDoiTuong", "NgayTiepNhan", "TrangThaiHoSo")
PROGRESS_REQUIRED = ("MaHoSo", "NguoiXuLy", "ThoiDiemXuLy", "NoiDungXuLy", "TrangThai")
DATE_FIELDS = ("NgayTiepNhan", "NgayHenTra", "NgayTra", "NgayKetThucXuLy", "ThoiDiemXuLy", "NgayBatDau")
MAX_BODY = 20 * 1024 * 1024

SCHEMA = """
CREATE TABLE IF NOT EXISTS dossier (code TEXT PRIMARY KEY, madonvi TEXT, status TEXT, record TEXT,
    created_at REAL, updated_at REAL, updates INTEGER DEFAULT 0);
CREATE TABLE IF NOT EXISTS progress (id INTEGER PRIMARY KEY, code TEXT, key TEXT, status TEXT, at TEXT,
    record TEXT, received_at REAL);
CREATE TABLE IF NOT EXISTS accepted (key TEXT PRIMARY KEY, service TEXT, code TEXT, times INTEGER,
    first_at REAL);
CREATE TABLE IF NOT EXISTS rejected (id INTEGER PRIMARY KEY, service TEXT, code TEXT, reason TEXT, at REAL);
CREATE TABLE IF NOT EXISTS filed (code TEXT PRIMARY KEY, madonvi TEXT, record TEXT, filed_at REAL,
    taken INTEGER DEFAULT 0);
CREATE TABLE IF NOT EXISTS file (id TEXT PRIMARY KEY, name TEXT, content BLOB);
CREATE TABLE IF NOT EXISTS session (token TEXT PRIMARY KEY, expires REAL);
CREATE TABLE IF NOT EXISTS counter (name TEXT PRIMARY KEY, value INTEGER);
"""


def _valid_date(value) -> bool:
    try:
        dt.datetime.strptime(str(value), "%Y%m%d%H%M%S")
    except ValueError:
        return False
    return True


class Portal:
    def __init__(
        self,
        *,
        username: str = "cchc",
        secret: str = "cchc-standin",
        agency_codes: str = "",
        status_codes: str = DEFAULT_STATUS_CODES,
        key_field: str = "MaDongBo",
        state_file: str = "",
        catalogue: str = "",
        push_url: str = "",
        push_secret: str = "cchc-push-standin",
        auth_path: str = "/auth",
        integration_path: str = "/integration",
        base_url: str = "",
        session_ttl: str = "3600",
    ):
        self.username, self.secret = username, secret
        self.agency_codes = {c for c in agency_codes.split(",") if c}
        self.status_codes = {c for c in status_codes.split(",") if c}
        self.key_field = key_field
        self.push_url, self.push_secret = push_url, push_secret
        self.auth_path, self.integration_path = auth_path, integration_path
        self.base_url = base_url.rstrip("/")
        path = state_file or os.path.join(tempfile.mkdtemp(prefix="dvcqg-"), "state.sqlite3")
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self.lock = threading.Lock()
        self.catalogue = self._load_catalogue(catalogue)
        self.switches = Switches(
            fail=None, fail_next=0, delay=0, duplicate=1, reorder=False, session_ttl=int(session_ttl)
        )

    # --- helpers ---------------------------------------------------------------------------------------

    @staticmethod
    def _load_catalogue(path: str) -> dict:
        file = Path(path) if path else Path(__file__).with_name("data") / "dvcqg_catalogue.json"
        if not file.exists():
            return {}
        return {row["MaTTHC"]: row for row in json.loads(file.read_text(encoding="utf-8"))}

    def _reject(self, service: str, code: str, reason: str) -> dict:
        self.db.execute(
            "INSERT INTO rejected (service, code, reason, at) VALUES (?, ?, ?, ?)",
            (service, code, reason, time.time()),
        )
        return {"MaHoSo": code, "error_code": "1", "message": reason}

    def _next(self, name: str) -> int:
        row = self.db.execute("SELECT value FROM counter WHERE name = ?", (name,)).fetchone()
        value = (row[0] if row else 0) + 1
        self.db.execute("INSERT OR REPLACE INTO counter (name, value) VALUES (?, ?)", (name, value))
        return value

    def _missing(self, record: dict, required: tuple[str, ...]) -> str:
        missing = [f for f in required if record.get(f) in (None, "")]
        if missing:
            return "Thiếu trường bắt buộc: " + ", ".join(missing)
        bad = [f for f in DATE_FIELDS if record.get(f) not in (None, "") and not _valid_date(record[f])]
        if bad:
            return "Sai định dạng ngày (yyyyMMddHHmmss): " + ", ".join(bad)
        return ""

    def _seen(self, key: str) -> bool:
        row = self.db.execute("SELECT times FROM accepted WHERE key = ?", (key,)).fetchone()
        if row:
            self.db.execute("UPDATE accepted SET times = times + 1 WHERE key = ?", (key,))
            return True
        return False

    def _accept(self, key: str, service: str, code: str) -> None:
        if key:
            self.db.execute(
                "INSERT INTO accepted (key, service, code, times, first_at) VALUES (?, ?, ?, 1, ?)",
                (key, service, code, time.time()),
            )

    # --- services --------------------------------------------------------------------------------------

    def dong_bo_ho_so(self, body: dict, madonvi: str) -> list[dict]:
        updating = str(body.get("isUpdating", "False")).lower() == "true"
        results = []
        for record in body.get("data") or []:
            code = str(record.get("MaHoSo") or "")
            key = str(record.get(self.key_field) or "")
            if key and self._seen(key):
                results.append({"MaHoSo": code, "error_code": "0", "message": "Đã nhận (trùng khóa)"})
                continue
            problem = self._missing(record, DOSSIER_REQUIRED)
            if not problem and str(record.get("LoaiDoiTuong")) not in {"1", "2"}:
                problem = "LoaiDoiTuong phải là 1 (công dân) hoặc 2 (tổ chức)"
            if not problem and str(record["TrangThaiHoSo"]) not in self.status_codes:
                problem = f"Mã trạng thái không có trong danh mục: {record['TrangThaiHoSo']}"
            known = self.db.execute("SELECT 1 FROM dossier WHERE code = ?", (code,)).fetchone()
            filed = self.db.execute("SELECT 1 FROM filed WHERE code = ?", (code,)).fetchone()
            if not problem and updating and not known and not filed:
                problem = "Cập nhật hồ sơ chưa có trên Cổng (isUpdating=True)"
            if not problem and not updating and known:
                problem = "Hồ sơ đã có trên Cổng (isUpdating=False)"
            if problem:
                results.append(self._reject("DongBoHoSoMC", code, problem))
                continue
            now = time.time()
            if known or filed:
                self.db.execute(
                    "INSERT INTO dossier (code, madonvi, status, record, created_at, updated_at, updates) "
                    "VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT (code) DO UPDATE SET "
                    "status = excluded.status, record = excluded.record, "
                    "updated_at = excluded.updated_at, updates = dossier.updates + 1",
                    (code, madonvi, str(record["TrangThaiHoSo"]), json.dumps(record), now, now),
                )
            else:
                self.db.execute(
                    "INSERT INTO dossier (code, madonvi, status, record, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (code, madonvi, str(record["TrangThaiHoSo"]), json.dumps(record), now, now),
                )
            self._accept(key, "DongBoHoSoMC", code)
            results.append({"MaHoSo": code, "error_code": "0", "message": "Thành công"})
        return results

    def cap_nhat_tien_do(self, body: dict, madonvi: str) -> list[dict]:
        results = []
        for record in body.get("data") or []:
            code = str(record.get("MaHoSo") or "")
            key = str(record.get(self.key_field) or "")
            if key and self._seen(key):
                results.append({"MaHoSo": code, "error_code": "0", "message": "Đã nhận (trùng khóa)"})
                continue
            problem = self._missing(record, PROGRESS_REQUIRED)
            if not problem and str(record["TrangThai"]) not in self.status_codes:
                problem = f"Mã trạng thái không có trong danh mục: {record['TrangThai']}"
            if (
                not problem
                and not self.db.execute("SELECT 1 FROM dossier WHERE code = ?", (code,)).fetchone()
            ):
                problem = "Hồ sơ chưa được đồng bộ lên Cổng (gửi DongBoHoSoMC trước)"
            if problem:
                results.append(self._reject("CapNhatTienDoHoSoMC", code, problem))
                continue
            self.db.execute(
                "INSERT INTO progress (code, key, status, at, record, received_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    code,
                    key,
                    str(record["TrangThai"]),
                    str(record["ThoiDiemXuLy"]),
                    json.dumps(record),
                    time.time(),
                ),
            )
            self._accept(key, "CapNhatTienDoHoSoMC", code)
            results.append({"MaHoSo": code, "error_code": "0", "message": "Thành công"})
        return results

    def tra_cuu(self, body: dict) -> list[dict]:
        code = str(body.get("MaHoSo") or "")
        row = self.db.execute(
            "SELECT record, status, updated_at FROM dossier WHERE code = ?", (code,)
        ).fetchone()
        if not row:
            return []
        record = json.loads(row[0])
        steps = self.db.execute(
            "SELECT status, at FROM progress WHERE code = ? ORDER BY id", (code,)
        ).fetchall()
        record["TrangThaiHoSo"] = row[1]
        record["NgayDongBo"] = time.strftime("%Y%m%d%H%M%S", time.localtime(row[2]))
        record["TienDo"] = [{"TrangThai": s, "ThoiDiemXuLy": at} for s, at in steps]
        return [record]

    def lay_thu_tuc(self, body: dict) -> list[dict]:
        row = self.catalogue.get(str(body.get("MaTTHC") or ""))
        return [row] if row else []

    def _offered(self, madonvi: str) -> list[dict]:
        rows = self.db.execute(
            "SELECT record FROM filed WHERE taken = 0 AND (? = '' OR madonvi = ?) ORDER BY filed_at, code",
            (madonvi, madonvi),
        ).fetchall()
        records = [json.loads(r[0]) for r in rows]
        if self.switches.get("reorder"):
            records.reverse()
        return records * max(int(self.switches.get("duplicate", 1)), 1)

    def lay_danh_sach(self, body: dict, madonvi: str) -> list[dict]:
        return self._offered(madonvi)

    # --- test helpers ----------------------------------------------------------------------------------

    def file(self, body: dict) -> dict:
        """A citizen files a dossier on the portal: stored, offered to CCHC, pushed when configured."""
        record = dict(body)
        madonvi = str(record.pop("madonvi", "") or "")
        documents = record.pop("documents", [])
        code = record.get("MaHoSo") or f"G22.{dt.date.today():%y%m%d}.{self._next('filed'):06d}"
        record["MaHoSo"] = code
        record.setdefault("TrangThaiHoSo", "1")
        record.setdefault("NgayTiepNhan", time.strftime("%Y%m%d%H%M%S"))
        attached = []
        for doc in documents:
            file_id = secrets.token_hex(8)
            self.db.execute(
                "INSERT INTO file (id, name, content) VALUES (?, ?, ?)",
                (file_id, doc["TenTepDinhKem"], base64.b64decode(doc["content_base64"])),
            )
            attached.append(
                {
                    "TepDinhKemId": file_id,
                    "TenTepDinhKem": doc["TenTepDinhKem"],
                    "MaThanhPhanHoSo": doc.get("MaThanhPhanHoSo", ""),
                    "IsDeleted": "False",
                    "DuongDanTaiTepTin": f"{self.base_url}/files/{file_id}",
                }
            )
        record["TaiLieuNop"] = attached
        self.db.execute(
            "INSERT INTO filed (code, madonvi, record, filed_at) VALUES (?, ?, ?, ?)",
            (code, madonvi, json.dumps(record), time.time()),
        )
        return record

    def push(self) -> list[dict]:
        """Push every filed dossier not yet taken to ``push_url`` (as the portal's push would)."""
        replies = []
        for record in self._offered(""):
            body = json.dumps({"service": "DongBoHoSoMoi", "data": [record]}, ensure_ascii=False).encode()
            signature = hmac.new(self.push_secret.encode(), body, hashlib.sha256).hexdigest()
            request = urllib.request.Request(
                self.push_url,
                data=body,
                method="POST",
                headers={"Content-Type": "application/json", "X-DVCQG-Signature": signature},
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as reply:
                    replies.append({"MaHoSo": record["MaHoSo"], "status": reply.status})
            except urllib.error.HTTPError as exc:
                replies.append({"MaHoSo": record["MaHoSo"], "status": exc.code})
            except OSError as exc:
                replies.append({"MaHoSo": record["MaHoSo"], "status": 0, "error": str(exc)})
        return replies

    def take(self, codes: list[str]) -> None:
        """CCHC acknowledged these filed dossiers (an update of them arrived): no longer offered."""
        self.db.executemany("UPDATE filed SET taken = 1 WHERE code = ?", [(c,) for c in codes])

    def state(self) -> dict:
        q = self.db.execute
        dossiers = {}
        for code, status, updates in q("SELECT code, status, updates FROM dossier ORDER BY code"):
            dossiers[code] = {"status": status, "updates": updates, "progress": []}
        out_of_order = []
        last: dict[str, str] = {}
        for code, status, at, key in q("SELECT code, status, at, key FROM progress ORDER BY id"):
            dossiers.setdefault(code, {"status": None, "updates": 0, "progress": []})["progress"].append(
                {"TrangThai": status, "ThoiDiemXuLy": at, "key": key}
            )
            if at < last.get(code, ""):
                out_of_order.append({"MaHoSo": code, "ThoiDiemXuLy": at, "key": key})
            last[code] = max(at, last.get(code, ""))
        keys = dict(q("SELECT key, times FROM accepted").fetchall())
        return {
            "dossiers": dossiers,
            "accepted_keys": len(keys),
            "duplicates": sum(t - 1 for t in keys.values()),
            "keys_seen_more_than_once": sorted(k for k, t in keys.items() if t > 1)[:100],
            "out_of_order": out_of_order,
            "rejected": [
                {"service": s, "MaHoSo": c, "reason": r}
                for s, c, r in q("SELECT service, code, reason FROM rejected ORDER BY id DESC LIMIT 200")
            ],
            "filed": [
                {"MaHoSo": c, "taken": bool(t)}
                for c, t in q("SELECT code, taken FROM filed ORDER BY filed_at")
            ],
        }

    def reset(self) -> None:
        self.db.executescript(
            "DELETE FROM dossier; DELETE FROM progress; DELETE FROM accepted; DELETE FROM rejected; "
            "DELETE FROM filed; DELETE FROM file; DELETE FROM session; DELETE FROM counter;"
        )

    # --- HTTP ------------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _transaction(self):
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _session_ok(self, token: str) -> bool:
        row = self.db.execute("SELECT expires FROM session WHERE token = ?", (token,)).fetchone()
        return bool(row and row[0] > time.time())

    def wsgi(self, environ, start_response):
        request = Request(environ)
        request.max_content_length = MAX_BODY
        response = self.handle(request)
        return response(environ, start_response)

    def handle(self, request: Request) -> Response:
        path = request.path
        if path.startswith("/files/") and request.method == "GET":
            row = self.db.execute("SELECT name, content FROM file WHERE id = ?", (path[7:],)).fetchone()
            if not row:
                return json_response({"error_code": "1", "message": "Không có tệp"}, 404)
            return Response(row[1], content_type="application/octet-stream")
        if request.method != "POST":
            return json_response({"error_code": "1", "message": "Chỉ nhận POST"}, 405)
        try:
            body = request.get_json(force=True)
        except Exception:
            return json_response({"error_code": "2", "message": "Nội dung không phải JSON"}, 400)
        if not isinstance(body, dict):
            return json_response({"error_code": "2", "message": "Nội dung phải là một đối tượng JSON"}, 400)
        with self.lock:
            if path == "/_file":
                return json_response({"error_code": "0", "result": [self.file(body)]})
            if path == "/_take":
                self.take(body.get("codes", []))
                return json_response({"error_code": "0"})
        if path == "/_push":
            return json_response({"error_code": "0", "result": self.push()})
        delay = float(self.switches.get("delay", 0) or 0)
        if delay:
            time.sleep(delay)
        failing = self.switches.get("fail") or ("http" if self.switches.take("fail_next") else None)
        if failing == "http":
            return json_response({"error_code": "503", "message": "Hệ thống đang bảo trì"}, 503)
        if failing:
            return json_response({"error_code": "99", "message": "Lỗi hệ thống Cổng"})
        with self.lock, self._transaction():
            if path == self.auth_path:
                if body.get("username") != self.username or body.get("secret") != self.secret:
                    return json_response({"error_code": "1", "message": "Sai tài khoản kết nối"})
                token = secrets.token_urlsafe(24)
                ttl = int(self.switches.get("session_ttl", 3600))
                self.db.execute(
                    "INSERT INTO session (token, expires) VALUES (?, ?)", (token, time.time() + ttl)
                )
                return json_response({"error_code": "0", "session": token})
            if path != self.integration_path:
                return json_response({"error_code": "1", "message": "Không có dịch vụ"}, 404)
            if not self._session_ok(str(body.get("session") or "")):
                return json_response(
                    {"error_code": "-1", "message": "Phiên làm việc không hợp lệ hoặc đã hết hạn"}
                )
            madonvi = str(body.get("madonvi") or "")
            if not madonvi or (self.agency_codes and madonvi not in self.agency_codes):
                return json_response({"error_code": "3", "message": f"Mã đơn vị không hợp lệ: {madonvi}"})
            service = body.get("service")
            if service == "DongBoHoSoMC":
                result = self.dong_bo_ho_so(body, madonvi)
                self.take([r["MaHoSo"] for r in result if r["error_code"] == "0"])
            elif service == "CapNhatTienDoHoSoMC":
                result = self.cap_nhat_tien_do(body, madonvi)
            elif service == "TraCuuHoSo":
                result = self.tra_cuu(body)
            elif service == "LayThuTuc":
                result = self.lay_thu_tuc(body)
            elif service == "LayDanhSachHoSo":
                result = self.lay_danh_sach(body, madonvi)
            else:
                return json_response({"error_code": "4", "message": f"Không có dịch vụ {service}"})
        return json_response({"error_code": "0", "message": "Thành công", "result": result})


def make_app(**options):
    portal = Portal(**options)
    return with_control(portal.wsgi, portal.switches, portal.state, portal.reset)
