"""Uploads are checked by content, never by name."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

from cchc.common.uploads import ALLOWED, UploadInfo, clean_name, format_size, inspect_upload

MINIMAL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n"
    b"%%EOF\n"
)


def _image(fmt: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Đơn đề nghị hưởng trợ cấp thất nghiệp")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Danh sách hộ nghèo"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in files.items():
            package.writestr(name, data)
    return buffer.getvalue()


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def _refused(file, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as excinfo:
        inspect_upload(file, **kwargs)
    return excinfo.value


# --- accepted ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "builder", "kind"),
    [
        ("Đơn đề nghị.pdf", lambda: MINIMAL_PDF, "pdf"),
        ("ảnh CCCD.png", lambda: _image("PNG"), "png"),
        ("ảnh chân dung.jpg", lambda: _image("JPEG"), "jpg"),
        ("Tờ khai.docx", _docx, "docx"),
        ("Danh sách.xlsx", _xlsx, "xlsx"),
    ],
)
def test_allowed_types_are_detected(name, builder, kind):
    data = builder()
    upload = _upload(name, data)
    upload.read(3)  # the caller may have read a little: inspection starts from the beginning anyway
    info = inspect_upload(upload)
    assert info.kind == kind
    assert info.mime == ALLOWED[kind]
    assert info.size == len(data)
    assert info.sha256 == hashlib.sha256(data).hexdigest()
    assert info.original_name == name
    assert info.safe_name.endswith("." + kind)
    assert info.safe_name.isascii()
    assert upload.tell() == 0
    assert upload.read() == data


def test_safe_name_is_an_ascii_slug():
    info = inspect_upload(_upload("Đơn đề nghị (bản chính) – Nguyễn Văn Ánh.PDF", MINIMAL_PDF))
    assert info.safe_name == "don-de-nghi-ban-chinh-nguyen-van-anh.pdf"


def test_safe_name_fallback_when_nothing_ascii_is_left():
    info = inspect_upload(_upload("申请.pdf", MINIMAL_PDF))
    assert info.safe_name == "tep.pdf"


def test_original_name_is_a_cleaned_basename():
    info = inspect_upload(_upload("C:\\Users\\an\\Desktop\\ho so\\don.pdf", MINIMAL_PDF))
    assert info.original_name == "don.pdf"
    assert clean_name("../../etc/pa\x00sswd\n.pdf") == "passwd.pdf"
    assert clean_name("  a   b .pdf ") == "a b .pdf"


def test_mismatched_extension_is_accepted_with_the_detected_extension():
    info = inspect_upload(_upload("scan.pdf", _image("PNG")))
    assert (info.kind, info.mime) == ("png", "image/png")
    assert info.original_name == "scan.pdf"
    assert info.safe_name == "scan.png"
    info = inspect_upload(_upload("to-khai.xlsx", _docx()))
    assert info.safe_name == "to-khai.docx"


def test_plain_binary_file_objects_are_accepted():
    data = _image("PNG")
    stream = io.BytesIO(data)
    info = inspect_upload(stream)
    assert info.kind == "png"
    assert info.original_name == ""
    assert info.safe_name == "tep.png"
    assert stream.tell() == 0


def test_temporary_uploaded_file_on_disk():
    data = _docx()
    upload = TemporaryUploadedFile("to khai.docx", "application/octet-stream", len(data), None)
    upload.write(data)
    try:
        info = inspect_upload(upload)
        assert info.kind == "docx"
        assert info.sha256 == hashlib.sha256(data).hexdigest()
        assert upload.tell() == 0
    finally:
        upload.close()


def test_hash_of_a_multi_chunk_file():
    data = MINIMAL_PDF[:-7] + b"x" * 300_000 + b"\n%%EOF\n"
    info = inspect_upload(_upload("lon.pdf", data))
    assert info.size == len(data)
    assert info.sha256 == hashlib.sha256(data).hexdigest()


def test_upload_info_is_frozen():
    info = inspect_upload(_upload("a.pdf", MINIMAL_PDF))
    assert isinstance(info, UploadInfo)
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.kind = "png"


def test_default_limit_comes_from_settings(settings):
    settings.CCHC_MAX_UPLOAD_BYTES = 100
    error = _refused(_upload("a.pdf", MINIMAL_PDF))
    assert error.code == "upload_too_large"
    settings.CCHC_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
    assert inspect_upload(_upload("a.pdf", MINIMAL_PDF)).kind == "pdf"


# --- refused ----------------------------------------------------------------------------------------


def test_exe_renamed_pdf_is_refused():
    upload = _upload("abc.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200)
    error = _refused(upload)
    assert error.code == "upload_type"
    assert error.messages == [
        "Tệp “abc.pdf” không phải PDF, JPEG, PNG, DOCX hoặc XLSX "
        "(nội dung thực là: EXE (application/x-msdownload))."
    ]
    assert upload.tell() == 0


def test_text_file_is_refused_as_unknown():
    error = _refused(_upload("abc.pdf", "Xin chào, đây là văn bản thuần.\n".encode()))
    assert error.code == "upload_type"
    assert error.messages == [
        "Tệp “abc.pdf” không phải PDF, JPEG, PNG, DOCX hoặc XLSX (nội dung thực là: không xác định)."
    ]


def test_random_zip_is_refused():
    error = _refused(_upload("ho-so.docx", _zip({"a.txt": b"hello", "b/c.txt": b"world"})))
    assert error.code == "upload_type"
    assert "tệp nén ZIP" in error.messages[0]


def test_zip_with_content_types_but_no_main_part_is_refused():
    fake = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    assert _refused(_upload("x.docx", fake)).code == "upload_type"


def test_macro_enabled_workbook_is_refused():
    data = _xlsx()
    source = zipfile.ZipFile(io.BytesIO(data))
    files = {name: source.read(name) for name in source.namelist()}
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    assert _refused(_upload("x.xlsx", _zip(files))).code == "upload_type"


def test_truncated_docx_is_corrupt():
    data = _docx()
    error = _refused(_upload("to khai.docx", data[: len(data) // 2]))
    assert error.code == "upload_corrupt"
    assert "“to khai.docx”" in error.messages[0]


def test_encrypted_zip_entries_are_refused():
    data = bytearray(_docx())
    # set the "encrypted" flag bit on every central directory record (signature PK\x01\x02, flags at +8)
    position = data.find(b"PK\x01\x02")
    while position != -1:
        data[position + 8] |= 0x01
        position = data.find(b"PK\x01\x02", position + 4)
    error = _refused(_upload("to khai.docx", bytes(data)))
    assert error.code == "upload_encrypted"


def test_encrypted_pdf_is_refused():
    data = MINIMAL_PDF.replace(b"trailer << /Root 1 0 R", b"trailer << /Root 1 0 R /Encrypt 5 0 R")
    assert _refused(_upload("a.pdf", data)).code == "upload_encrypted"


def test_truncated_pdf_is_corrupt():
    assert _refused(_upload("a.pdf", MINIMAL_PDF[:40])).code == "upload_corrupt"


def test_truncated_png_is_corrupt():
    data = _image("PNG")
    assert _refused(_upload("a.png", data[:30])).code == "upload_corrupt"


def test_empty_file_is_refused():
    upload = _upload("trong.pdf", b"")
    error = _refused(upload)
    assert error.code == "upload_empty"
    assert error.messages == ["Tệp “trong.pdf” rỗng (0 byte)."]


def test_oversized_file_is_refused():
    data = MINIMAL_PDF + b"%" * 2000
    stream = io.BytesIO(data)  # no .size attribute: counted while reading
    stream.name = "x.pdf"
    error = _refused(stream, max_bytes=1000)
    assert error.code == "upload_too_large"
    assert error.messages == [f"Tệp “x.pdf” dung lượng {format_size(len(data))}, vượt giới hạn 1000 byte."]
    assert stream.tell() == 0


def test_oversized_upload_is_refused_from_its_declared_size():
    upload = _upload("x.pdf", MINIMAL_PDF + b"%" * 2000)
    assert _refused(upload, max_bytes=1000).code == "upload_too_large"


def test_size_format_matches_the_messages():
    assert format_size(int(25.3 * 1024 * 1024)) == "25,3 MB"
    assert format_size(20 * 1024 * 1024) == "20 MB"
    assert format_size(1536) == "1,5 KB"
    assert format_size(999) == "999 byte"
    error = _refused(SimpleUploadedFile("x.pdf", b"%PDF-"), max_bytes=0)
    assert error.code == "upload_too_large"


def test_message_of_a_20_mb_limit(settings):
    settings.CCHC_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
    upload = _upload("x.pdf", MINIMAL_PDF)
    upload.size = int(25.3 * 1024 * 1024)  # what the upload handler declared; refused before reading
    error = _refused(upload)
    assert error.messages == ["Tệp “x.pdf” dung lượng 25,3 MB, vượt giới hạn 20 MB."]
