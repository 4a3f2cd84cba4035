from cchc.portal.context_processors import home_agency
from tests.factories import AgencyFactory


def test_the_cached_home_agency_follows_changes(db):
    assert home_agency() is None
    agency = AgencyFactory(is_home=True, name="Sở Lao động – Thương binh và Xã hội")
    assert home_agency() == agency
    agency.name = "Sở Nội vụ"
    agency.save()
    assert home_agency().name == "Sở Nội vụ"
