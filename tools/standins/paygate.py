"""A stand-in of the national payment platform (Nền tảng thanh toán trên Cổng DVCQG, "PayGov").

The flow, as a provincial system sees it (shapes learnt from OpenCPS v2's payment-platform integration;
every field name here is a guess marked [S] and configurable on CCHC's side):

1. **Create** (server to server): ``POST /api/giao-dich`` with a JSON request ``{"loaiBanTin": "PAY",
   "phienBan", "maDoiTac" (merchant code), "maThamChieu" (the merchant's transaction reference),
   "soTien" (whole đồng), "maTienTe": "VND", "thongTinGiaoDich" (description), "urlTraVe" (return
   URL), "thoiGianGD" (``yyyyMMddHHmmss``), "maXacThuc"}``. ``maXacThuc`` is the hex HMAC-SHA256, with
   the shared secret, of the fields in :data:`REQUEST_FIELDS` order joined by ``|`` [S]. The reply
   ``{"maLoi": "00", "moTaLoi", "maThamChieu", "urlThanhToan", "maXacThuc"}`` (signed over
   :data:`CREATED_FIELDS`); ``maLoi`` ≠ "00" is a refusal (01 checksum, 02 missing field, 03 merchant,
   04 amount, 05 time, 06 currency, 07 reference already used with another amount, 08 already paid).
   The same reference sent again with the same amount is the same transaction (its page again).
2. **Payment page** ``GET /thanh-toan/<token>`` (Vietnamese): the payer confirms (``Thanh toán``) or
   cancels (``Hủy giao dịch``).
3. **Callback (IPN)**: ``POST callback_url`` with ``{"loaiBanTin": "IPN", "maLoi" ("00" paid, "24"
   cancelled by the payer), "maDoiTac", "maThamChieu", "soTien", "maTienTe", "maGiaoDich" (the
   platform's transaction number), "maNganHang", "thongTinGiaoDich", "thoiGianGD", "maXacThuc"}``
   signed over :data:`RESULT_FIELDS`. The merchant answers ``{"maLoi": "00"}`` when it took it (a
   repeat included); anything else (or no answer) is retried ``callback_retries`` times,
   ``callback_backoff`` seconds apart, doubling.
4. **Return**: the browser is sent to ``urlTraVe`` with the same result fields as query parameters
   (signed the same way). A merchant must not trust it: only the callback is server to server.
5. **Daily report**: ``GET /api/doi-soat?maDoiTac=…&ngay=yyyyMMdd&maXacThuc=HMAC(maDoiTac|ngay)``:
   ``{"maLoi": "00", "ngay", "giaoDich": [{"maThamChieu", "maGiaoDich", "soTien", "maLoi",
   "thoiGianGD"}]}`` — every transaction finished (paid or cancelled) that day (local time).

What it checks, as the platform would: every field present; the merchant code; the checksum (constant-
time comparison); an amount that is a positive whole number; the currency; a request time within
``max_skew`` seconds of now; a reference not reused with another amount, nor paid twice.

Switches (``POST /_control``): ``fail`` ("http": the API answers 503; "error": ``maLoi`` "99"),
``fail_next`` (only the next N API calls), ``callback`` ("send" default, "drop": never sent, "delay":
sent after ``callback_delay`` seconds), ``tamper`` ("checksum": the callback carries a wrong checksum;
"amount": it reports another amount, correctly signed — the platform's record then says that amount
too), ``duplicate`` (send each callback N times). ``POST /test/replay-callback`` sends the last
callback body again, byte for byte. ``GET /_state`` lists the transactions and every callback
attempt with its answer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import html
import json
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from zoneinfo import ZoneInfo

from werkzeug.wrappers import Request, Response

from tools.standins.serve import Switches, json_response, with_control

REQUEST_FIELDS = (
    "loaiBanTin",
    "phienBan",
    "maDoiTac",
    "maThamChieu",
    "soTien",
    "maTienTe",
    "thongTinGiaoDich",
    "urlTraVe",
    "thoiGianGD",
)
CREATED_FIELDS = ("maLoi", "maDoiTac", "maThamChieu", "urlThanhToan")
RESULT_FIELDS = (
    "loaiBanTin",
    "maLoi",
    "maDoiTac",
    "maThamChieu",
    "soTien",
    "maTienTe",
    "maGiaoDich",
    "maNganHang",
    "thoiGianGD",
)
REPORT_FIELDS = ("maDoiTac", "ngay")
PAID, CANCELLED = "00", "24"
MESSAGES = {
    "00": "Thành công",
    "01": "Sai mã xác thực",
    "02": "Thiếu trường bắt buộc",
    "03": "Sai mã đối tác",
    "04": "Số tiền không hợp lệ",
    "05": "Thời gian giao dịch không hợp lệ",
    "06": "Loại tiền không hỗ trợ",
    "07": "Mã tham chiếu đã dùng với số tiền khác",
    "08": "Giao dịch đã được thanh toán",
    "24": "Người thanh toán hủy giao dịch",
    "99": "Lỗi hệ thống",
}
BANKS = (("VCB", "Vietcombank"), ("BIDV", "BIDV"), ("CTG", "VietinBank"), ("AGR", "Agribank"))
MAX_BODY = 64 * 1024
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def checksum(secret: str, values: dict, fields: tuple[str, ...]) -> str:
    """Hex HMAC-SHA256 with ``secret`` of ``values[f]`` for ``f`` in ``fields``, joined by ``|``."""
    message = "|".join(str(values.get(f, "")) for f in fields)
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def _now_text() -> str:
    return dt.datetime.now(TZ).strftime("%Y%m%d%H%M%S")


def _money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


class Gateway:
    def __init__(
        self,
        *,
        merchant_code: str = "CCHC",
        secret: str = "paygate-standin-secret",
        callback_url: str = "",
        callback_retries: str = "3",
        callback_backoff: str = "0.5",
        callback_timeout: str = "5",
        max_skew: str = "900",
        base_url: str = "",
    ):
        self.merchant_code, self.secret = merchant_code, secret
        self.callback_url = callback_url
        self.retries, self.backoff = int(callback_retries), float(callback_backoff)
        self.callback_timeout = float(callback_timeout)
        self.max_skew = int(max_skew)
        self.base_url = base_url.rstrip("/")
        self.lock = threading.Lock()
        self.switches = Switches(
            fail=None, fail_next=0, callback="send", callback_delay=0, tamper=None, duplicate=1
        )
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.transactions: dict[str, dict] = {}  # by reference
            self.tokens: dict[str, str] = {}  # page token -> reference
            self.callbacks: list[dict] = []  # every attempt: reference, body, status, answer
            self.refused: list[dict] = []
            self.last_callback: bytes | None = None
            self.counter = 0

    def state(self) -> dict:
        with self.lock:
            return {
                "transactions": list(self.transactions.values()),
                "callbacks": list(self.callbacks),
                "refused": list(self.refused),
            }

    # --- API ---------------------------------------------------------------------------------------

    def _failing(self) -> Response | None:
        fail = self.switches.get("fail")
        if fail is None and self.switches.take("fail_next"):
            fail = "http"
        if fail == "http":
            return json_response({"maLoi": "99", "moTaLoi": "Service Unavailable"}, 503)
        if fail == "error":
            return self._error("99")
        return None

    def _error(self, code: str, reason: str = "") -> Response:
        with self.lock:
            self.refused.append({"maLoi": code, "reason": reason, "at": time.time()})
        return json_response({"maLoi": code, "moTaLoi": MESSAGES[code] + (f": {reason}" if reason else "")})

    def create(self, request: Request) -> Response:
        if request.content_length and request.content_length > MAX_BODY:
            return json_response({"maLoi": "02", "moTaLoi": "Body too large"}, 413)
        try:
            data = json.loads(request.get_data(cache=False) or b"{}")
        except ValueError:
            return self._error("02", "JSON")
        if not isinstance(data, dict):
            return self._error("02", "JSON")
        missing = [f for f in (*REQUEST_FIELDS, "maXacThuc") if data.get(f) in (None, "")]
        if missing:
            return self._error("02", ", ".join(missing))
        if not hmac.compare_digest(str(data["maXacThuc"]), checksum(self.secret, data, REQUEST_FIELDS)):
            return self._error("01")
        if data["maDoiTac"] != self.merchant_code:
            return self._error("03")
        amount = data["soTien"]
        if (
            not (isinstance(amount, int) or (isinstance(amount, str) and amount.isdigit()))
            or int(amount) <= 0
        ):
            return self._error("04")
        if data["maTienTe"] != "VND":
            return self._error("06")
        try:
            sent = dt.datetime.strptime(str(data["thoiGianGD"]), "%Y%m%d%H%M%S").replace(tzinfo=TZ)
        except ValueError:
            return self._error("05")
        if abs((dt.datetime.now(TZ) - sent).total_seconds()) > self.max_skew:
            return self._error("05", "ngoài khoảng cho phép")
        reference, amount = str(data["maThamChieu"]), int(amount)
        with self.lock:
            known = self.transactions.get(reference)
            if known and known["soTien"] != amount:
                known = None
                code = "07"
            elif known and known["maLoi"] == PAID:
                code = "08"
            else:
                code = "00"
            if code == "00" and known is None:
                token = secrets.token_urlsafe(16)
                known = self.transactions[reference] = {
                    "maThamChieu": reference,
                    "soTien": amount,
                    "thongTinGiaoDich": str(data["thongTinGiaoDich"])[:255],
                    "urlTraVe": str(data["urlTraVe"]),
                    "token": token,
                    "maLoi": None,  # not finished
                    "maGiaoDich": "",
                    "maNganHang": "",
                    "thoiGianGD": "",
                    "created": time.time(),
                }
                self.tokens[token] = reference
        if code != "00":
            return self._error(code)
        reply = {
            "maLoi": "00",
            "moTaLoi": MESSAGES["00"],
            "maDoiTac": self.merchant_code,
            "maThamChieu": reference,
            "urlThanhToan": f"{self.base_url}/thanh-toan/{known['token']}",
        }
        reply["maXacThuc"] = checksum(self.secret, reply, CREATED_FIELDS)
        return json_response(reply)

    def report(self, request: Request) -> Response:
        data = {f: request.args.get(f, "") for f in (*REPORT_FIELDS, "maXacThuc")}
        if not all(data.values()):
            return self._error("02")
        if not hmac.compare_digest(data["maXacThuc"], checksum(self.secret, data, REPORT_FIELDS)):
            return self._error("01")
        if data["maDoiTac"] != self.merchant_code:
            return self._error("03")
        with self.lock:
            rows = [
                {k: t[k] for k in ("maThamChieu", "maGiaoDich", "soTien", "maLoi", "thoiGianGD")}
                for t in self.transactions.values()
                if t["maLoi"] is not None and t["thoiGianGD"].startswith(data["ngay"])
            ]
        rows.sort(key=lambda r: (r["thoiGianGD"], r["maThamChieu"]))
        return json_response({"maLoi": "00", "ngay": data["ngay"], "giaoDich": rows})

    # --- the payer's page ----------------------------------------------------------------------------

    def _page(self, title: str, body: str, status: int = 200) -> Response:
        page = f"""<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} – Nền tảng thanh toán (mô phỏng)</title>
<style>
body{{font-family:system-ui,"Segoe UI",Roboto,Arial,sans-serif;margin:0;background:#f3f5f9;color:#1d2733}}
header{{background:#b3261e;color:#fff;padding:12px 20px;font-weight:600}}
header small{{display:block;font-weight:400;opacity:.9}}
main{{max-width:560px;margin:24px auto;background:#fff;border-radius:8px;padding:20px 24px;
box-shadow:0 1px 3px rgba(0,0,0,.12)}}
@media (max-width:600px){{main{{margin:12px}}}}
h1{{font-size:1.3rem;margin-top:0}} dl{{display:grid;grid-template-columns:max-content 1fr;gap:6px 16px}}
dt{{color:#5a6675}} dd{{margin:0;font-weight:600;overflow-wrap:anywhere}}
.amount{{font-size:1.4rem;color:#b3261e}} fieldset{{border:1px solid #d0d6de;border-radius:6px;margin:16px 0}}
label{{display:block;padding:4px 0}} .actions{{display:flex;gap:12px;flex-wrap:wrap;margin-top:16px}}
button{{font-size:1rem;padding:10px 18px;border-radius:6px;border:1px solid #b3261e;cursor:pointer}}
.pay{{background:#b3261e;color:#fff}} .cancel{{background:#fff;color:#b3261e}}
.note{{font-size:.85rem;color:#5a6675;margin-top:16px}}
</style></head><body><header>NỀN TẢNG THANH TOÁN TRỰC TUYẾN<small>Cổng Dịch vụ công quốc gia —
bản mô phỏng để kiểm thử</small></header><main>{body}</main></body></html>"""
        return Response(page, status=status, content_type="text/html; charset=utf-8")

    def page(self, request: Request, token: str) -> Response:
        with self.lock:
            reference = self.tokens.get(token)
            txn = dict(self.transactions[reference]) if reference else None
        if txn is None:
            return self._page("Không tìm thấy giao dịch", "<h1>Không tìm thấy giao dịch</h1>", 404)
        if txn["maLoi"] is not None:
            body = (
                f"<h1>Giao dịch đã kết thúc</h1><p>{html.escape(MESSAGES[txn['maLoi']])}.</p>"
                f'<p><a href="{html.escape(self._return_url(txn))}">Quay lại trang dịch vụ công</a></p>'
            )
            return self._page("Giao dịch đã kết thúc", body)
        if request.method == "POST":
            action = request.form.get("action")
            bank = request.form.get("bank") or BANKS[0][0]
            if action not in ("pay", "cancel") or bank not in dict(BANKS):
                return self._page("Yêu cầu không hợp lệ", "<h1>Yêu cầu không hợp lệ</h1>", 400)
            txn = self._finish(reference, PAID if action == "pay" else CANCELLED, bank)
            return Response(status=303, headers={"Location": self._return_url(txn)})
        banks = "".join(
            f'<label><input type="radio" name="bank" value="{code}"{" checked" if i == 0 else ""}> '
            f"{name}</label>"
            for i, (code, name) in enumerate(BANKS)
        )
        body = f"""<h1>Xác nhận thanh toán</h1>
<dl><dt>Đơn vị thụ hưởng</dt><dd>{html.escape(self.merchant_code)}</dd>
<dt>Mã tham chiếu</dt><dd>{html.escape(txn["maThamChieu"])}</dd>
<dt>Nội dung</dt><dd>{html.escape(txn["thongTinGiaoDich"])}</dd>
<dt>Số tiền</dt><dd class="amount">{_money(txn["soTien"])}</dd></dl>
<form method="post"><fieldset><legend>Ngân hàng, ví điện tử</legend>{banks}</fieldset>
<div class="actions"><button class="pay" name="action" value="pay">Thanh toán</button>
<button class="cancel" name="action" value="cancel">Hủy giao dịch</button></div></form>
<p class="note">Trang mô phỏng: không có tiền thật nào được chuyển.</p>"""
        return self._page("Xác nhận thanh toán", body)

    # --- result: callback and return -----------------------------------------------------------------

    def _result(self, txn: dict) -> dict:
        values = {
            "loaiBanTin": "IPN",
            "maLoi": txn["maLoi"],
            "maDoiTac": self.merchant_code,
            "maThamChieu": txn["maThamChieu"],
            "soTien": txn["soTien"],
            "maTienTe": "VND",
            "maGiaoDich": txn["maGiaoDich"],
            "maNganHang": txn["maNganHang"],
            "thongTinGiaoDich": txn["thongTinGiaoDich"],
            "thoiGianGD": txn["thoiGianGD"],
        }
        values["maXacThuc"] = checksum(self.secret, values, RESULT_FIELDS)
        return values

    def _return_url(self, txn: dict) -> str:
        values = self._result(txn)
        values.pop("thongTinGiaoDich")
        sep = "&" if "?" in txn["urlTraVe"] else "?"
        return f"{txn['urlTraVe']}{sep}{urllib.parse.urlencode(values)}"

    def _finish(self, reference: str, code: str, bank: str) -> dict:
        tamper = self.switches.get("tamper")
        with self.lock:
            txn = self.transactions[reference]
            self.counter += 1
            txn["maLoi"] = code
            txn["maNganHang"] = bank
            txn["maGiaoDich"] = f"PG{int(time.time())}{self.counter:05d}"
            txn["thoiGianGD"] = _now_text()
            if tamper == "amount" and code == PAID:
                txn["soTien"] += 1000  # the platform's record says another amount
            body = self._result(txn)
            snapshot = dict(txn)
        if tamper == "checksum":
            body["maXacThuc"] = "0" * 64
        raw = json.dumps(body, ensure_ascii=False).encode()
        mode = self.switches.get("callback", "send")
        if mode != "drop" and self.callback_url:
            delay = float(self.switches.get("callback_delay", 0)) if mode == "delay" else 0
            copies = max(1, int(self.switches.get("duplicate", 1)))
            threading.Thread(target=self._deliver, args=(raw, reference, delay, copies), daemon=True).start()
        with self.lock:
            self.last_callback = raw
        return snapshot

    def _post(self, raw: bytes, reference: str, attempt: int) -> bool:
        request = urllib.request.Request(
            self.callback_url, data=raw, method="POST", headers={"Content-Type": "application/json"}
        )
        status, answer = None, ""
        try:
            with urllib.request.urlopen(request, timeout=self.callback_timeout) as reply:
                status, answer = reply.status, reply.read(4096).decode(errors="replace")
        except urllib.error.HTTPError as exc:
            status, answer = exc.code, exc.read(4096).decode(errors="replace")
        except OSError as exc:
            answer = str(exc)
        ok = False
        if status == 200:
            try:
                ok = json.loads(answer).get("maLoi") == "00"
            except (ValueError, AttributeError):
                ok = False
        with self.lock:
            self.callbacks.append(
                {
                    "maThamChieu": reference,
                    "attempt": attempt,
                    "status": status,
                    "answer": answer,
                    "ok": ok,
                    "at": time.time(),
                }
            )
        return ok

    def _deliver(self, raw: bytes, reference: str, delay: float, copies: int) -> None:
        if delay:
            time.sleep(delay)
        for _copy in range(copies):
            wait = self.backoff
            for attempt in range(1, self.retries + 2):
                if self._post(raw, reference, attempt):
                    break
                time.sleep(wait)
                wait *= 2

    def replay(self) -> Response:
        with self.lock:
            raw = self.last_callback
        if raw is None:
            return json_response({"error": "no callback yet"}, 404)
        reference = json.loads(raw)["maThamChieu"]
        ok = self._post(raw, reference, 0)
        return json_response({"ok": ok})

    # --- routing -------------------------------------------------------------------------------------

    def wsgi(self, environ, start_response):
        request = Request(environ)
        path = request.path
        if path == "/test/replay-callback" and request.method == "POST":
            response = self.replay()
        elif path.startswith("/api/"):
            response = self._failing()
            if response is None:
                if path == "/api/giao-dich" and request.method == "POST":
                    response = self.create(request)
                elif path == "/api/doi-soat" and request.method == "GET":
                    response = self.report(request)
                else:
                    response = json_response({"maLoi": "99", "moTaLoi": "not found"}, 404)
        elif path.startswith("/thanh-toan/") and request.method in ("GET", "POST"):
            response = self.page(request, path.removeprefix("/thanh-toan/").strip("/"))
        else:
            response = json_response({"error": "not found"}, 404)
        return response(environ, start_response)


def make_app(**options):
    gateway = Gateway(**options)
    return with_control(gateway.wsgi, gateway.switches, gateway.state, gateway.reset)
