"""Hypothesis fuzzing of what reads outside input: the CV checks and reader, the Markdown sanitiser.

No crash (only the documented refusals), no hang past the deadline, and the sanitiser's HTML
never holds a script, an event handler or a javascript: address. Example counts are kept small
so that the whole file runs in a few seconds in `make test`.
"""

import html
import io
import re
import zipfile
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vivier.core.documents import make_docx, make_pdf
from vivier.core.markdown import ALLOWED_TAGS, markdown_to_text, render_markdown
from vivier.core.uploads import check_cv, docx_paragraphs
from vivier.talent.imports.cv import cv_text, read_cv
from vivier.talent.imports.people import Person, UnreadableFile

# Deadlines: well above a normal run on a loaded 2-core machine, far below a hang.
FAST = settings(max_examples=80, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
FILES = settings(max_examples=40, deadline=3000, suppress_health_check=[HealthCheck.too_slow])

PDF = make_pdf(["Camille EXEMPLE", "camille@example.test", "Expérience", "2019 - 2024 : Analyste"])
DOCX = make_docx(["Camille EXEMPLE", "Compétences", "Python, SQL", "Langues", "Anglais C1"])


def mutated(original: bytes):
    """The document with a few bytes changed, cut short, or with bytes inserted."""
    positions = st.integers(min_value=0, max_value=len(original) - 1)
    flips = st.lists(st.tuples(positions, st.integers(0, 255)), min_size=1, max_size=8)

    def apply(changes_and_cut):
        changes, cut, insert_at, inserted = changes_and_cut
        data = bytearray(original)
        for position, value in changes:
            data[position] = value
        data = data[:cut] if cut else data
        return bytes(data[:insert_at] + inserted + data[insert_at:])

    return st.tuples(flips, st.integers(0, len(original)), positions, st.binary(max_size=64)).map(
        apply
    )


def random_docx():
    """ZIP archives shaped like a DOCX, with hostile entry names and random XML."""
    names = st.sampled_from(
        ["word/document.xml", "[Content_Types].xml", "../evil.txt", "/etc/x", "a/../../b", "x"]
    )
    xml = st.one_of(
        st.text(max_size=300),
        st.text(max_size=200).map(
            lambda text: (
                '<w:document xmlns:w="http://schemas.openxmlformats.org/'
                f'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
                "</w:body></w:document>"
            )
        ),
    )
    entries = st.lists(st.tuples(names, xml), min_size=1, max_size=6)

    def build(items):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, text in dict(items).items():  # one entry per name
                archive.writestr(name, text)
        return buffer.getvalue()

    return entries.map(build)


documents = st.one_of(
    st.binary(max_size=2000),
    st.binary(max_size=200).map(lambda tail: b"%PDF-1.4\n" + tail),
    st.binary(max_size=200).map(lambda tail: b"PK\x03\x04" + tail),
    mutated(PDF),
    mutated(DOCX),
    random_docx(),
)


@FILES
@given(data=documents, name=st.sampled_from(["cv.pdf", "cv.docx", "cv", "cv.exe", ".pdf"]))
def test_the_cv_check_refuses_clearly_or_accepts(data, name):
    upload = SimpleUploadedFile(name, data)
    try:
        kind = check_cv(upload)
    except ValidationError as error:
        assert error.messages and all(message.strip() for message in error.messages)
    else:
        assert upload.name.endswith("." + kind.extension)
        assert upload.tell() == 0


@FILES
@given(data=documents)
def test_reading_a_cv_never_fails_but_as_unreadable(data):
    try:
        text = cv_text(data, "cv")
    except UnreadableFile as refusal:
        assert str(refusal).strip()
        return
    assert isinstance(text, str) and text.strip()
    assert isinstance(read_cv(text), Person)


@FILES
@given(data=st.one_of(mutated(DOCX), random_docx()))
def test_the_docx_preview_reads_or_says_it_cannot(data):
    try:
        paragraphs = docx_paragraphs(io.BytesIO(data))
    except ValueError:  # what the preview's caller catches: "cannot show it"
        return
    assert all(isinstance(paragraph, str) for paragraph in paragraphs)


def test_a_docx_damaged_inside_is_refused_at_upload_and_not_previewed():
    """Found by fuzzing: a sound directory over a damaged entry passed the upload check, then
    made the preview and the CV reader fail."""
    damaged = DOCX.replace(b"word/document.xml", b"word/documenX.xml", 1)  # its local header
    with pytest.raises(ValidationError) as refused:
        check_cv(SimpleUploadedFile("cv.docx", damaged))
    assert refused.value.code == "invalid_docx"
    with pytest.raises(ValueError):
        docx_paragraphs(io.BytesIO(damaged))
    with pytest.raises(UnreadableFile):
        cv_text(damaged, "cv.docx")


cv_lines = st.one_of(
    st.text(max_size=120),
    st.sampled_from(
        [
            "Expérience",
            "EXPÉRIENCES PROFESSIONNELLES",
            "Formation",
            "Compétences",
            "Langues",
            "Skills",
            "2019 - aujourd'hui : Analyste chez Région",
            "janv. 2020 – déc. 2023",
            "Anglais C1, Espagnol courant",
            "+33 6 12 34 56 78",
            "camille@example.test",
            "https://www.linkedin.com/in/camille",
            "Camille EXEMPLE",
            "01/2020 - 13/2099",
            "Python • SQL • Django",
            "9999 - 0000",
            "mars 2021 to present",
            "0000 - 2020",  # found by fuzzing: year 0 made the reader fail
            "janvier 0000 - mars 99999",
        ]
    ),
    # Long runs of what the regular expressions repeat: a backtracking blow-up would hang here.
    st.integers(1, 3000).map(lambda n: "0" * n),
    st.integers(1, 800).map(lambda n: "+3" + " 1" * n),
    st.integers(1, 800).map(lambda n: "a." * n + "@" + "b-" * n),
    st.integers(1, 500).map(lambda n: "www." + "x." * n + "/"),
)


@FAST
@given(lines=st.lists(cv_lines, max_size=40))
def test_the_cv_reader_reads_any_text_quickly(lines):
    person = read_cv("\n".join(lines))
    assert isinstance(person, Person)
    assert len(person.phone) <= 30
    for item in person.experiences + person.education:
        assert item.starts_on is None or 1 <= item.starts_on.month <= 12


# --- The Markdown sanitiser -----------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>", "<svg/onload=alert(1)>", "<iframe src=javascript:alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>", "<a href='JaVaScRiPt:alert(1)'>x</a>",
    "<a href=\"java&#x73;cript:alert(1)\">x</a>", "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<a href=\" javascript:alert(1)\">x</a>", "<a href=\"java\tscript:alert(1)\">x</a>",
    "<a href=\"java&#9;script:alert(1)\">x</a>", "<a href=\"java&#x0A;script:1\">x</a>",
    "[x](java&#9;script:alert(1))", "[x](&#x6A;avascript:alert(1))", "[x](\x01javascript:1)",
    "[x](javascript:alert(1))", "[x](JAVASCRIPT:alert(1))", "[x]( javascript:alert(1) )",
    "[x](vbscript:msgbox(1))", "[x](data:text/html;base64,PHNjcmlwdD4=)", "![x](javascript:1)",
    "<a href=x onclick=alert(1)>x</a>", "<p style=\"background:url(javascript:1)\">x</p>",
    "<style>*{}</style>", "<object data=x>", "<embed src=x>", "<form action=x><input>",
    "<math><mi xlink:href=\"javascript:1\">x</mi></math>", "<base href=//evil.example/>",
    "[x]: javascript:alert(1)\n[y][x]", "<details open ontoggle=alert(1)>", "`<script>`",
    "```\n<script>alert(1)</script>\n```", "<!-- <script> -->", "<a href=\"/ok\">ok</a>",
    "**gras** _it_", "# Titre\n\n- a\n- b", "| a | b |\n|---|---|\n| 1 | 2 |", "\n\n", "<",
]  # fmt: skip
markdown_texts = st.lists(st.one_of(st.text(max_size=40), st.sampled_from(HOSTILE)), max_size=12)
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")


class Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]

    handle_startendtag = handle_starttag


def scheme_of(address: str) -> str:
    """The scheme a browser reads (WHATWG URL): entities decoded, C0 controls and spaces at the
    ends stripped, tabs and newlines anywhere removed; "" for a relative address."""
    url = html.unescape(address).strip("".join(map(chr, range(33))))
    url = "".join(char for char in url if char not in "\t\n\r")
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return match.group(1).lower() + ":" if match else ""


@FAST
@given(parts=markdown_texts)
def test_sanitised_markdown_holds_no_script_handler_or_dangerous_link(parts):
    rendered = str(render_markdown("".join(parts)))
    collector = Collector()
    collector.feed(rendered)
    collector.close()
    assert set(collector.tags) <= ALLOWED_TAGS | {"div"}
    for tag, name, value in collector.attributes:
        assert not name.startswith("on"), (tag, name)
        if tag == "div":  # only the scroll box around a table or code, which nothing typed makes
            assert (name, value) in {("class", "scroll-box"), ("tabindex", "0")}, (name, value)
            continue
        assert name in {"href", "title", "align", "rel"}, (tag, name)
        if name == "href":
            assert scheme_of(value) in {"", "http:", "https:", "mailto:"}, value
    assert "<script" not in rendered.lower()
    assert isinstance(markdown_to_text("".join(parts)), str)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_each_known_attack_comes_out_harmless(hostile):
    rendered = str(render_markdown(hostile)).lower()
    collector = Collector()
    collector.feed(rendered)
    assert not any(scheme_of(value) in DANGEROUS_SCHEMES for _t, _n, value in collector.attributes)
    assert not any(name.startswith("on") for _t, name, _v in collector.attributes)
    assert "<script" not in rendered and "<iframe" not in rendered and "<svg" not in rendered
