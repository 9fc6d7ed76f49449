"""An offer letter's text and its PDF.

The PDF is drawn with ReportLab (docs/decisions/0002-libraries.md) in a Unicode TrueType font,
so that accents, the euro sign and typographic apostrophes come out as written: DejaVu Sans when
the machine has it (Debian's fonts-dejavu), else Bitstream Vera, which ReportLab ships itself.
"""

import io
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from vivier.brand.models import Employer
from vivier.hiring.messages import fill, placeholders
from vivier.hiring.offer_letters.models import OfferLetter, OfferLetterTemplate
from vivier.jobs.models import ContractType

# The placeholders a letter or its e-mail may use, shown to the people who write them.
PLACEHOLDER_NAMES = [
    "candidate_first_name", "candidate_name", "offer_title", "offer_reference", "employer_name",
    "salary", "start_date", "contract_type", "answer_by", "link",
]  # fmt: skip

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
REPORTLAB_FONTS = Path(reportlab.__file__).parent / "fonts"


def default_template(language: str) -> tuple[str, str, str]:
    """The built-in e-mail subject, e-mail text and letter, in the candidate's language."""
    with translation.override(language):
        return (
            _("Our offer for the post of {offer_title}"),
            _(
                "Hello {candidate_first_name},\n\n"
                "We are delighted to offer you the post of {offer_title}. You will find our "
                "offer letter attached.\n\n"
                "You can accept or decline it online until {answer_by}, at this address:\n"
                "{link}\n\n"
                "Do not hesitate to answer this e-mail with any question.\n\n"
                "Kind regards,\nThe recruitment team of {employer_name}"
            ),
            _(
                "Dear {candidate_name},\n\n"
                "Following our meetings, we are pleased to offer you the post of {offer_title} "
                "within {employer_name}.\n\n"
                "You would join us on {start_date} under a {contract_type}, with a salary of "
                "{salary}.\n\n"
                "This offer stands until {answer_by}. You can give us your answer online, through "
                "the link in the e-mail that comes with this letter.\n\n"
                "We look forward to working with you.\n\n"
                "The recruitment team of {employer_name}"
            ),
        )


def template_for(language: str) -> tuple[str, str, str]:
    custom = OfferLetterTemplate.objects.filter(language=language).first()
    if custom:
        return custom.email_subject, custom.email_body, custom.letter
    return default_template(language)


def values_for(letter: OfferLetter, *, link: str = "") -> dict[str, str]:
    employer = Employer.current()
    with translation.override(letter.language):
        values = placeholders(letter.application, employer.name)
        values |= {
            "salary": letter.salary,
            "start_date": formats.date_format(letter.start_date, "DATE_FORMAT"),
            "answer_by": formats.date_format(letter.answer_by, "DATE_FORMAT"),
            "contract_type": str(ContractType(letter.contract_type).label)
            if letter.contract_type in ContractType.values
            else letter.contract_type,
            "link": link,
        }
    return values


def rendered(letter: OfferLetter, *, link: str = "") -> tuple[str, str, str]:
    """The e-mail subject, the e-mail text and the letter, placeholders filled."""
    values = values_for(letter, link=link)
    return (
        fill(letter.email_subject, values),
        fill(letter.email_body, values),
        fill(letter.letter, values),
    )


@cache
def font_names() -> tuple[str, str]:
    """Register the letter's regular and bold fonts once per process; return their names."""
    configured = getattr(settings, "OFFER_LETTER_FONT", "")
    candidates = []
    if configured:
        bold = getattr(settings, "OFFER_LETTER_BOLD_FONT", "") or configured
        candidates.append((Path(configured), Path(bold)))
    candidates += [
        (DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"),
        (REPORTLAB_FONTS / "Vera.ttf", REPORTLAB_FONTS / "VeraBd.ttf"),
    ]
    regular, bold = next((r, b) for r, b in candidates if r.is_file() and b.is_file())
    pdfmetrics.registerFont(TTFont("VivierLetter", str(regular)))
    pdfmetrics.registerFont(TTFont("VivierLetter-Bold", str(bold)))
    return "VivierLetter", "VivierLetter-Bold"


def _paragraphs(text: str, style) -> list:
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    return [Paragraph(escape(block).replace("\n", "<br/>"), style) for block in blocks if block]


def render_pdf(letter: OfferLetter) -> bytes:
    """The letter as an A4 PDF: heading, summary of the terms, then the letter's text."""
    regular, bold = font_names()
    employer = Employer.current()
    _subject, _body, text = rendered(letter)
    values = values_for(letter)
    body = ParagraphStyle("body", fontName=regular, fontSize=10.5, leading=15, spaceAfter=8)
    heading = ParagraphStyle("heading", fontName=bold, fontSize=15, leading=19, spaceAfter=4)
    small = ParagraphStyle("small", fontName=regular, fontSize=9, leading=12, textColor=colors.grey)
    with translation.override(letter.language):
        title = _("Offer of employment")
        today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
        terms = [
            (_("Post"), values["offer_title"]),
            (_("Contract"), values["contract_type"]),
            (_("Salary"), values["salary"]),
            (_("Start date"), values["start_date"]),
            (_("Answer expected by"), values["answer_by"]),
        ]
        footer = _("Offer letter, version %(version)s, sent on %(date)s.") % {
            "version": letter.version, "date": today,
        }  # fmt: skip
    cell = ParagraphStyle("cell", parent=body, spaceAfter=0)
    label = ParagraphStyle("label", parent=cell, fontName=bold)
    table = Table(
        [[Paragraph(escape(k), label), Paragraph(escape(v), cell)] for k, v in terms],
        colWidths=[45 * mm, 115 * mm],
    )
    table.setStyle(
        TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, colors.lightgrey),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke),
        ])
    )  # fmt: skip
    story = [
        Paragraph(escape(employer.legal_name or employer.name), heading),
        Paragraph(escape(today), small),
        Spacer(1, 8 * mm),
        Paragraph(escape(values["candidate_name"]), body),
        Paragraph(escape(letter.application.candidate.email), small),
        Spacer(1, 6 * mm),
        Paragraph(escape(f"{title} — {values['offer_title']}"), heading),
        Spacer(1, 2 * mm),
        table,
        Spacer(1, 6 * mm),
        *_paragraphs(text, body),
        Spacer(1, 6 * mm),
        Paragraph(escape(footer), small),
    ]
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=20 * mm,
        bottomMargin=20 * mm, title=f"{title} — {values['offer_title']}",
        author=employer.name, invariant=True,
    )  # fmt: skip
    document.build(story)
    return out.getvalue()
