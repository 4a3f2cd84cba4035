"""QĐ 766 indicator 4.2 reads ``Dossier.digitised_components``: every required document has a file."""

from cchc.dossiers import documents, services
from tests.backoffice.test_dossier_screens import pdf
from tests.dossiers.conftest import local, person
from tests.factories import RequiredDocumentFactory


def test_components_are_digitised_once_every_required_document_has_a_file(world):
    form = RequiredDocumentFactory(version=world.version, name="Tờ khai")
    proof = RequiredDocumentFactory(version=world.version, name="Giấy tờ chứng minh")
    RequiredDocumentFactory(version=world.version, name="Bản sao (không bắt buộc)", optional=True)
    dossier, _secret = services.submit_online(
        procedure_version=world.version, applicant=person(), at=local(2026, 5, 4, 9)
    )
    assert not dossier.digitised_components

    checked, errors = documents.check_files({"a": (form, pdf())})
    assert errors == {}
    documents.save_documents(dossier, checked)
    dossier.refresh_from_db()
    assert not dossier.digitised_components  # the proof is still missing

    checked, errors = documents.check_files({"b": (proof, pdf("chung-minh.pdf"))})
    documents.save_documents(dossier, checked)
    dossier.refresh_from_db()
    assert dossier.digitised_components  # the optional copy is not needed
