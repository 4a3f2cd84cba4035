"""Checking uploaded files by their content, never by their name.

:func:`inspect_upload` accepts PDF, JPEG, PNG, DOCX and XLSX. The type is detected from the bytes: the magic
number (via the ``filetype`` package) for PDF, JPEG and PNG; for DOCX and XLSX — which are ZIP packages — by
opening the ZIP (without extracting) and reading its ``[Content_Types].xml``.

**Name vs content.** When the extension of the uploaded name disagrees with the content (a PNG named
``scan.jpg``, a DOCX named ``don.pdf``), the file is *accepted* as long as the content is an allowed type:
citizens rename files carelessly and refusing them helps nobody. The stored name (``safe_name``) always
takes the extension of the *detected* type, so a file is never served with a misleading extension. Content
that is not an allowed type is refused whatever its name.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from cchc.common.text import fold

ALLOWED: dict[str, str] = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# Main-part content types an OOXML package must declare in [Content_Types].xml. Macro-enabled variants
# (.docm, .xlsm: "...macroEnabled.main+xml") and templates do not match and are refused.
_OOXML_MAIN = {
    "docx": (
        "word/document.xml",
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "xlsx": (
        "xl/workbook.xml",
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
}
_CONTENT_TYPES = "[Content_Types].xml"
_CONTENT_TYPES_MAX = 1024 * 1024  # a real one is a few kB

CHUNK_SIZE = 64 * 1024
_HEAD_SIZE = 8192
_PDF_ENCRYPT = b"/Encrypt"
_PDF_EOF_WINDOW = 1024  # readers accept %%EOF anywhere in the last 1024 bytes
_MAX_NAME = 255
_MAX_SLUG = 80


@dataclass(frozen=True)
class UploadInfo:
    kind: str  # key of ALLOWED: "pdf", "jpg", "png", "docx", "xlsx"
    mime: str
    size: int  # bytes
    sha256: str  # hex digest
    original_name: str  # basename of the uploaded name, cleaned
    safe_name: str  # ASCII slug + "." + kind (the DETECTED type)


def inspect_upload(file, *, max_bytes: int | None = None) -> UploadInfo:
    """Check an uploaded file (Django ``UploadedFile`` or any seekable binary file object) by its content.

    Reads it in chunks (never whole into memory) to compute size and SHA-256, detects its type from the
    content and rewinds it to the start afterwards, also when it is refused. Raises ``ValidationError``
    (codes ``upload_empty``, ``upload_too_large``, ``upload_type``, ``upload_encrypted``, ``upload_corrupt``).
    ``max_bytes`` defaults to ``settings.CCHC_MAX_UPLOAD_BYTES``.
    """
    limit = settings.CCHC_MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    original = clean_name(getattr(file, "name", None) or "")
    shown = original or "không tên"
    try:
        declared = getattr(file, "size", None)
        if isinstance(declared, int) and declared > limit:
            raise _too_large(shown, declared, limit)
        size, digest, head, tail, pdf_encrypted = _scan(file)
        if size == 0:
            raise ValidationError(
                _("Tệp “%(name)s” rỗng (0 byte)."), code="upload_empty", params={"name": shown}
            )
        if size > limit:
            raise _too_large(shown, size, limit)
        kind = _detect(file, head, shown)
        _check_integrity(file, kind, tail, pdf_encrypted, shown)
    finally:
        file.seek(0)
    return UploadInfo(
        kind=kind,
        mime=ALLOWED[kind],
        size=size,
        sha256=digest,
        original_name=original,
        safe_name=safe_name(original, kind),
    )


def clean_name(name: str) -> str:
    """The basename of an uploaded name (either path separator), NFC, without control characters."""
    name = unicodedata.normalize("NFC", str(name))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = " ".join(name.split()).strip(" .")
    if len(name) > _MAX_NAME:
        stem, ext = os.path.splitext(name)
        name = stem[: _MAX_NAME - len(ext)] + ext if len(ext) <= 10 else name[:_MAX_NAME]
    return name


def safe_name(original: str, kind: str) -> str:
    """ASCII slug of the name's stem + the extension of the detected ``kind``.

    ``safe_name("Đơn đề nghị.PDF", "pdf")`` → ``"don-de-nghi.pdf"``.
    """
    stem = os.path.splitext(original)[0]
    slug = slugify(fold(stem))[:_MAX_SLUG].strip("-") or "tep"
    return f"{slug}.{kind}"


# --- reading ----------------------------------------------------------------------------------------


def _scan(file) -> tuple[int, str, bytes, bytes, bool]:
    """One pass: size, sha256, first bytes, last bytes, and whether ``/Encrypt`` occurs (PDF encryption)."""
    file.seek(0)
    sha = hashlib.sha256()
    size = 0
    head = b""
    tail = b""
    encrypted = False
    while True:
        chunk = file.read(CHUNK_SIZE)
        if not chunk:
            break
        sha.update(chunk)
        size += len(chunk)
        if len(head) < _HEAD_SIZE:
            head += chunk[: _HEAD_SIZE - len(head)]
        window = tail[-len(_PDF_ENCRYPT) :] + chunk  # a match may straddle two chunks
        if not encrypted and _PDF_ENCRYPT in window:
            encrypted = True
        tail = (tail + chunk)[-_PDF_EOF_WINDOW:]
    return size, sha.hexdigest(), head, tail, encrypted


def _detect(file, head: bytes, shown: str) -> str:
    guess = filetype.guess(head)
    if guess is not None and guess.mime in ("application/pdf", "image/jpeg", "image/png"):
        return {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}[guess.mime]
    if head.startswith(b"PK\x03\x04"):
        return _detect_ooxml(file, shown)
    actual = f"{guess.extension.upper()} ({guess.mime})" if guess is not None else _("không xác định")
    raise _wrong_type(shown, actual)


def _detect_ooxml(file, shown: str) -> str:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as package:
            infos = {info.filename: info for info in package.infolist()}
            if any(info.flag_bits & 0x1 for info in infos.values()):
                raise _encrypted(shown)
            content_types = infos.get(_CONTENT_TYPES)
            if content_types is None or content_types.file_size > _CONTENT_TYPES_MAX:
                raise _wrong_type(shown, _("tệp nén ZIP"))
            declared = package.read(content_types)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as exc:
        raise _corrupt(shown) from exc
    for kind, (part, main_type) in _OOXML_MAIN.items():
        if part in infos and main_type in declared:
            return kind
    raise _wrong_type(shown, _("tệp nén ZIP"))


def _check_integrity(file, kind: str, tail: bytes, pdf_encrypted: bool, shown: str) -> None:
    if kind == "pdf":
        if pdf_encrypted:
            raise _encrypted(shown)
        if b"%%EOF" not in tail:  # truncated upload
            raise _corrupt(shown)
    elif kind in ("jpg", "png"):
        from PIL import Image

        file.seek(0)
        try:
            with Image.open(file) as image:
                image.verify()
        except Exception as exc:  # Pillow raises many kinds (OSError, SyntaxError, DecompressionBombError…)
            raise _corrupt(shown) from exc


# --- messages ---------------------------------------------------------------------------------------


def format_size(size: int) -> str:
    """Vietnamese human size with a decimal comma: ``25,3 MB``, ``20 MB``, ``1,5 KB``, ``800 byte``."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            text = f"{size / factor:.1f}".replace(".", ",").removesuffix(",0")
            return f"{text} {unit}"
    return f"{size} byte"


def _too_large(shown: str, size: int, limit: int) -> ValidationError:
    return ValidationError(
        _("Tệp “%(name)s” dung lượng %(size)s, vượt giới hạn %(limit)s."),
        code="upload_too_large",
        params={"name": shown, "size": format_size(size), "limit": format_size(limit)},
    )


def _wrong_type(shown: str, actual) -> ValidationError:
    return ValidationError(
        _("Tệp “%(name)s” không phải PDF, JPEG, PNG, DOCX hoặc XLSX (nội dung thực là: %(actual)s)."),
        code="upload_type",
        params={"name": shown, "actual": actual},
    )


def _encrypted(shown: str) -> ValidationError:
    return ValidationError(
        _("Tệp “%(name)s” được đặt mật khẩu hoặc mã hóa; vui lòng gửi bản không đặt mật khẩu."),
        code="upload_encrypted",
        params={"name": shown},
    )


def _corrupt(shown: str) -> ValidationError:
    return ValidationError(
        _("Tệp “%(name)s” bị hỏng hoặc không đầy đủ, không đọc được."),
        code="upload_corrupt",
        params={"name": shown},
    )
