import pytest

from claims.extraction.pipeline import get_extractor


@pytest.fixture(scope="session")
def extractor():
    return get_extractor()


@pytest.fixture
def extract(extractor):
    """Claims of a text, each checked for an exact span."""

    def run(text: str):
        claims = extractor.extract(text).claims
        for claim in claims:
            assert text[claim.start : claim.end] == claim.quote
        return claims

    return run


@pytest.fixture
def texts(extract):
    def run(text: str) -> list[str]:
        return [c.text for c in extract(text)]

    return run


@pytest.fixture
def only(extract):
    """The single claim of a one-claim sentence."""

    def run(text: str):
        claims = extract(text)
        assert len(claims) == 1, [c.text for c in claims]
        return claims[0]

    return run
