import pytest

from tests.support.visas import wants_letters


@pytest.fixture
def visa_meeting(api, assembly) -> dict:
    """The assembly, published, every delegate asking for a visa letter."""
    event_id = assembly["event"]["id"]
    assert api.post(f"/events/{event_id}/publish").status_code == 200
    wants_letters(assembly["delegates"])
    return {"event_id": event_id, **assembly}
