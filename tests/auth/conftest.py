"""Fixtures of the auth tests: an organiser account to sign in with."""

from __future__ import annotations

import pytest

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.extensions import db
from tests.conftest import PASSWORD


@pytest.fixture
def account(app) -> str:
    """An organiser's e-mail address; the password is ``tests.conftest.PASSWORD``."""
    create_user("secretary@network.example", PASSWORD, UserRole.ORGANISER)
    db.session.commit()
    return "secretary@network.example"
