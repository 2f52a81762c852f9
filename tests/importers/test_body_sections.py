"""Generated report bodies: every paragraph lands, unchanged, in its expected section."""
from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from body_fixtures import HEADING_STYLES, bodies
from importers.docx import split_sections


def _check(body, out):
    got = [s.split("\n") if s else [] for s in out.sections]
    # nothing lost, nothing invented, nothing changed
    assert Counter(x for s in got for x in s) == Counter(x for s in body.expected for x in s)
    for i in range(10):
        assert got[i] == body.expected[i], (i, body.variant)
    for i in range(10):
        assert out.headings[i][:len(body.headings[i])] == body.headings[i], (i, out.headings)


@pytest.mark.parametrize("style", HEADING_STYLES)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_paragraph_in_its_section(style, data):
    body = data.draw(bodies(heading_style=style))
    _check(body, split_sections(body.blocks()))
