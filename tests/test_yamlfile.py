"""The loader reads YAML 1.2 as organizers mean it, and turns every bad file into one clear problem."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from groundgame.content import yamlfile
from groundgame.content.yamlfile import LoadError, parse_bytes


def test_yaml_1_2_core_values_mean_what_they_say():
    doc = parse_bytes(
        b"on: no\nanswer: yes\noff: OFF\nt: 19:00\nmode: 0755\noct: 0o17\nday: 2026-12-01\n"
        b"start: 2026-12-01T19:00\nflag: true\nnothing: ~\nx: 1.5\nq: '0755'\n",
        "f.yaml",
    )
    assert doc.data == {
        "on": "no", "answer": "yes", "off": "OFF", "t": "19:00", "mode": 755, "oct": 15, "day": "2026-12-01",
        "start": "2026-12-01T19:00", "flag": True, "nothing": None, "x": 1.5, "q": "0755",
    }


def test_every_value_and_key_keeps_its_line_and_column():
    doc = parse_bytes(b"title: Hi\nrepeat:\n  every: week\n  on: [tuesday, friday]\n", "f.yaml")
    assert doc.marks[("title",)] == yamlfile.Mark(1, 8, "Hi")
    assert doc.key_marks[("repeat", "on")].line == 4
    assert (doc.marks[("repeat", "on", 1)].line, doc.marks[("repeat", "on", 1)].column) == (4, 17)
    assert doc.mark(("repeat", "missing")).line == 3  # nearest parent: the repeat mapping


BAD_FILES = [
    (b"a: 1\na: 2\n", "f.yaml:2:1: a: is given twice (first on line 1); keep one of the two; YAML would "
                      "silently drop the first"),
    (b"a: &x 1\nb: *x\n", "f.yaml:1:4: uses a YAML anchor or alias (& or *), which content files may not; "
                          "write the value out again where it is needed"),
    (b"a: !include other.yaml\n", "f.yaml:1:4: uses the YAML tag '!include', which content files may not; "
                                  "remove the tag; write plain values (quote text with '...')"),
    (b"title: Meet: up\n", "f.yaml:1:12: is not valid YAML: mapping values are not allowed in this context; "
                           "a value that contains ': ' must be put in quotes"),
    (b"a: 1\n\tb: 2\n", "f.yaml:2:1: is not valid YAML: found a tab character that violates indentation; "
                        "indent with spaces, not tabs"),
    (b"", "f.yaml: is empty; write the record's fields, or delete the file"),
    (b"# only a comment\n---\n", "f.yaml: is empty; write the record's fields, or delete the file"),
    (b"a: caf\xe9\n", "f.yaml:1:7: is not valid UTF-8 text; save the file as UTF-8"),
    (b"a: b\x00c\n", "f.yaml:1:5: contains a NUL byte; a content file is plain text"),
    (b"- one\n- two\n", "f.yaml:1:1: must be a mapping of fields (`field: value`), not a list"),
    (b"just text\n", "f.yaml:1:1: must be a mapping of fields (`field: value`), not a single value"),
    (b"a: 1\n---\nb: 2\n", "f.yaml:2:1: holds more than one YAML document; keep one record a file and remove "
                           "the second '---'"),
    (b"? [a, b]\n: 1\n", "f.yaml:1:3: uses a list or mapping as a key; keys are plain words"),
    (b"a: " + b"[" * 40 + b"]" * 40 + b"\n", "f.yaml:1:35: a[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]"
                                              "[0][0][0][0][0][0][0][0][0][0][0][0][0]: is nested more than 32 "
                                              "levels deep"),
    (b"x" * (yamlfile.MAX_BYTES + 1), "f.yaml: is larger than 256 KiB; a content file is a few fields"),
]


@pytest.mark.parametrize(("raw", "message"), BAD_FILES)
def test_bad_files_get_one_clear_message(raw: bytes, message: str):
    with pytest.raises(LoadError) as caught:
        parse_bytes(raw, "f.yaml")
    assert caught.value.problem.text() == message


@pytest.mark.parametrize("loader", [yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)])
def test_input_nested_far_deeper_than_the_c_composer_survives_is_an_error_not_a_crash(monkeypatch, loader):
    monkeypatch.setattr(yamlfile, "_Loader", loader)
    deep = b"a: " + b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(LoadError) as caught:
        parse_bytes(deep[: yamlfile.MAX_BYTES], "f.yaml")
    assert "nest" in caught.value.problem.message


def test_a_byte_order_mark_is_accepted():
    assert parse_bytes(b"\xef\xbb\xbftitle: x\n", "f.yaml").data == {"title": "x"}


def test_explicit_str_tag_is_the_one_tag_allowed():
    assert parse_bytes(b"postcode: !!str 0755\n", "f.yaml").data == {"postcode": "0755"}


def test_symlinks_are_refused(tmp_path):
    real = tmp_path / "real.yaml"
    real.write_text("title: x\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    with pytest.raises(LoadError) as caught:
        yamlfile.read_file(link, "link.yaml")
    assert caught.value.problem.message == "must be a regular file, not a symbolic link"


YAMLISH = st.lists(
    st.sampled_from([b"a", b":", b" ", b"\n", b"-", b"[", b"]", b"{", b"}", b"&x", b"*x", b"!t", b"'", b'"', b"#",
                     b"\t", b"? ", b"---", b"\xff", b"\x00", b"2026-12-01", b"no", b"0o7", b"|", b">", b"%YAML 1.1"]),
    max_size=60,
).map(b"".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.binary(max_size=300), YAMLISH))
def test_any_bytes_give_a_document_or_a_load_error_and_nothing_else(raw: bytes):
    try:
        doc = parse_bytes(raw, "f.yaml")
    except LoadError as exc:
        assert exc.problem.path == "f.yaml"
        assert exc.problem.message
    else:
        assert isinstance(doc.data, dict)
