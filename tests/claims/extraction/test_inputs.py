"""What counts as article text, and HTML converted with exact offsets."""

import pytest

from claims.extraction.inputs import (
    InputError,
    decode_bytes,
    html_to_text,
    looks_like_html,
    prepare_text,
)


def test_utf8_with_and_without_bom_decodes():
    assert decode_bytes("Café opened.".encode()) == "Café opened."
    assert decode_bytes(b"\xef\xbb\xbfCaf\xc3\xa9") == "Café"


def test_utf16_with_bom_decodes():
    assert decode_bytes("Café opened.".encode("utf-16")) == "Café opened."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"caf\xe9 au lait", "not valid UTF-8"),
        (b"x" * 101, "limit"),
    ],
)
def test_bad_bytes_are_refused_with_a_reason(data, message):
    with pytest.raises(InputError, match=message):
        decode_bytes(data, max_bytes=100)


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_text_is_refused(text):
    with pytest.raises(InputError, match="empty"):
        prepare_text(text)


def test_text_full_of_control_characters_is_refused():
    with pytest.raises(InputError, match="binary"):
        prepare_text("\x01\x02\x03\x04" * 100)


def test_html_is_recognised_and_plain_text_is_not():
    assert looks_like_html("<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    assert looks_like_html("<div><p>One.</p><p>Two.</p><p>Three.</p></div>")
    assert not looks_like_html("Profits rose 5% <b>after</b> the merger.")


def test_html_to_text_drops_chrome_decodes_entities_and_maps_offsets():
    source = (
        "<html><head><title>T</title><script>var x = 1;</script></head><body>"
        "<nav><a href='/'>Home</a></nav>"
        "<p>The council &amp; the mayor <b>postponed</b> the vote.</p>"
        "<p>Rates rose&nbsp;12%.</p><footer>© Paper</footer></body></html>"
    )
    text, offsets = html_to_text(source)
    # <head> (title included) is skipped: the headline is in the body too
    assert text == "The council & the mayor postponed the vote.\n\nRates rose\xa012%."
    assert len(offsets) == len(text)
    start = text.index("The council")
    end = text.index("vote.") + len("vote.")
    assert source[offsets[start][0] : offsets[end - 1][1]] == (
        "The council &amp; the mayor <b>postponed</b> the vote."
    )


def test_prepared_html_maps_spans_back_to_the_original():
    source = "<div><p>First one.</p><p>The plant &amp; mill closed.</p><p>Third.</p></div>"
    article = prepare_text(source)
    assert article.is_html
    start = article.text.index("The plant")
    end = start + len("The plant & mill closed")
    s, e = article.span_in_original(start, end)
    assert source[s:e] == "The plant &amp; mill closed"
