"""The workflow of a question or feedback item, as data: one table of operations.

received → assigned (the Office classifies: kind, field, unit, due date; a specialist of THAT unit
may save a working draft of the answer any number of times) → drafted (the specialist submits it)
→ approved (the head of THAT unit; or ``return_for_revision`` back to assigned) → published (the
Office, with an edited public text) or answered (private answer only). The Office may also close
an item as rejected or duplicate, with a reason.

``scope`` names which unit the actor must belong to: ``OFFICE`` a unit of kind "office" (Văn
phòng); ``UNIT`` the unit the item is assigned to. ``cchc.feedback.services`` runs every operation
in the workflow kernel's frame (``cchc.common.workflow``), which checks this table and applies the
target; the tests walk every operation × status × role × unit against it.
"""

from __future__ import annotations

from cchc.common.workflow import Operation, Table
from cchc.feedback.models import Status
from cchc.org import roles

OFFICE = "office"
UNIT = "unit"

_op = Operation.of

OPERATIONS = Table(
    _op("assign", {Status.RECEIVED}, Status.ASSIGNED, {roles.OFFICE}, OFFICE),
    _op("reject", {Status.RECEIVED, Status.ASSIGNED}, Status.REJECTED, {roles.OFFICE}, OFFICE),
    _op("mark_duplicate", {Status.RECEIVED, Status.ASSIGNED}, Status.DUPLICATE, {roles.OFFICE}, OFFICE),
    # The specialist keeps a working draft of the answer (nothing moves), then submits it to
    # the head of the unit ("draft": the item becomes "drafted", waiting for approval).
    _op("save_draft", {Status.ASSIGNED}, Status.ASSIGNED, {roles.SPECIALIST}, UNIT),
    _op("draft", {Status.ASSIGNED}, Status.DRAFTED, {roles.SPECIALIST}, UNIT),
    _op("approve", {Status.DRAFTED}, Status.APPROVED, {roles.UNIT_HEAD}, UNIT),
    _op("return_for_revision", {Status.DRAFTED}, Status.ASSIGNED, {roles.UNIT_HEAD}, UNIT),
    # The Office sends the approved answer: published in "Hỏi – Đáp", or to the asker only.
    _op("publish", {Status.APPROVED}, Status.PUBLISHED, {roles.OFFICE}, OFFICE),
    _op("answer_privately", {Status.APPROVED}, Status.ANSWERED, {roles.OFFICE}, OFFICE),
)
# Operations that may start from a status.
allowed_from = OPERATIONS.allowed_from


def event_label(action: str) -> str:
    """The Vietnamese label of an event's action (timelines of the staff and tracking pages)."""
    from django.utils.translation import gettext as _

    labels = {
        "submit": _("Đã tiếp nhận câu hỏi, phản ánh"),
        "assign": _("Văn phòng phân loại, giao đơn vị trả lời"),
        "reject": _("Không xử lý"),
        "mark_duplicate": _("Trùng nội dung đã gửi"),
        "save_draft": _("Lưu dự thảo trả lời"),
        "draft": _("Trình lãnh đạo đơn vị duyệt dự thảo trả lời"),
        "approve": _("Lãnh đạo đơn vị duyệt trả lời"),
        "return_for_revision": _("Trả lại để sửa dự thảo"),
        "publish": _("Đã trả lời và công khai trên mục Hỏi – Đáp"),
        "answer_privately": _("Đã gửi trả lời cho người hỏi"),
    }
    return labels.get(action, action)
