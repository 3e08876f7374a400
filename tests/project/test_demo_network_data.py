"""Sanity checks on the demo network data (planner/demo/network.py)."""

import re
import unicodedata
from collections import Counter
from zoneinfo import ZoneInfo, available_timezones

from planner.demo import network

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}$")
REQUIRED_FULL = ("seoul", "yokohama", "colombo", "lyon", "surabaya", "bangkok")


def _has_hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def _has_japanese(text: str) -> bool:
    # hiragana, katakana, CJK unified ideographs
    return any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)


def _has_thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


def _orgs_in(country: str) -> list[network.Org]:
    return [org for org in network.ORGANISATIONS if org.country == country]


def test_membership_counts():
    counts = Counter(org.membership for org in network.ORGANISATIONS)
    assert counts == {"full": 83, "associate": 47}
    assert len(network.ORGANISATIONS) == 130


def test_slugs_unique_and_well_formed():
    slugs = [org.slug for org in network.ORGANISATIONS]
    assert len(set(slugs)) == len(slugs)
    for slug in slugs:
        assert SLUG_RE.match(slug), slug
        assert len(slug) <= 60, slug


def test_required_members_are_full():
    by_slug = {org.slug: org for org in network.ORGANISATIONS}
    for slug in REQUIRED_FULL:
        assert slug in by_slug, slug
        assert by_slug[slug].membership == "full", slug


def test_timezones_load():
    known = available_timezones()  # what the API's TimeZone field accepts
    for tz in {org.timezone for org in network.ORGANISATIONS}:
        assert tz in known, tz
        ZoneInfo(tz)


def test_countries_have_delegate_names():
    countries = {org.country for org in network.ORGANISATIONS}
    assert len(countries) >= 12
    for country in countries:
        assert COUNTRY_RE.match(country), country
        assert len(network.DELEGATE_NAMES.get(country, ())) >= 6, country
    for country in ("KR", "JP", "TH"):
        assert len(network.DELEGATE_NAMES[country]) >= 12, country


def test_org_fields_are_clean():
    for org in network.ORGANISATIONS:
        for field, value in org._asdict().items():
            assert isinstance(value, str), (org.slug, field)
            assert value, (org.slug, field)
            assert value == value.strip(), (org.slug, field)
            assert unicodedata.normalize("NFC", value) == value, (org.slug, field)
        assert len(org.name) <= 200, org.slug
        assert len(org.native_name) <= 200, org.slug
        assert LANGUAGE_RE.match(org.language), org.slug


def test_person_fields_are_clean():
    for country, people in network.DELEGATE_NAMES.items():
        assert len(set(people)) == len(people), country
        for person in people:
            assert isinstance(person, network.Person)
            assert isinstance(person.family_first, bool)
            assert person.given_latin, person
            assert person.given_native, person
            for value in person[:4]:
                assert value == value.strip(), person
                assert unicodedata.normalize("NFC", value) == value, person


def test_native_scripts():
    checks = {"KR": _has_hangul, "JP": _has_japanese, "TH": _has_thai}
    for country, has_script in checks.items():
        orgs = _orgs_in(country)
        assert orgs, country
        for org in orgs:
            assert has_script(org.native_name), org.slug
        for person in network.DELEGATE_NAMES[country]:
            assert has_script(person.family_native + person.given_native), person


def test_positions_and_titles():
    for values in (network.POSITIONS, network.TITLES):
        assert values
        assert len(set(values)) == len(values)
        assert all(v and v == v.strip() for v in values)
