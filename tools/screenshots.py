#!/usr/bin/env python
"""Take the documentation's screenshots from a running Vivier with the demo data.

    make demo && make run         # in one terminal (a fresh demo: `make demo` on an empty base)
    .venv/bin/python tools/screenshots.py [--base http://127.0.0.1:8000] [--only hiring]

Signs in with the demo recruiter (password and authenticator secret from
var/demo-credentials.txt) and the demo candidate (a sign-in link made with the space's own
service), and writes small PNGs into docs/images/: each cropped to the part a guide shows,
in French, reduced to 256 colours.

It reads the demo's database to find its pages (which interview, which letter), so it runs
with the server's environment (the same VIVIER_VAR_DIR or DATABASE_URL). It changes nothing
that matters: forms are filled for the picture but not sent (a draft scorecard excepted, which
the interviewer can keep on filling).
"""

import argparse
import base64
import hashlib
import hmac
import os
import re
import struct
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from PIL import Image
from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"


DEMO_RECRUITER = "yannick.kerbrat@region-armor-ocean.example"


def demo_credentials() -> tuple[str, str]:
    """The demo accounts' password and the recruiter's authenticator secret."""
    var = Path(os.environ.get("VIVIER_VAR_DIR", ROOT / "var"))
    lines = (var / "demo-credentials.txt").read_text().splitlines()
    password = lines[0].split()[-1]
    start = next(index for index, line in enumerate(lines) if line.startswith(DEMO_RECRUITER))
    secret = parse_qs(urlsplit(lines[start + 1].strip()).query)["secret"][0]
    return password, secret


def totp_code(secret: str) -> str:
    """RFC 6238, as an authenticator app computes it."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time() // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return str((struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**6).zfill(6)


def save(target, name: str, **options) -> None:
    """A screenshot of a page or an element, then reduced: 256 colours are plenty for a UI."""
    path = IMAGES / f"{name}.png"
    page = getattr(target, "page", target)
    page.evaluate("document.activeElement && document.activeElement.blur()")  # no focus ring
    target.screenshot(path=str(path), **options)
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)
    print(f"  {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB)")


def demo_pages() -> dict:
    """What the hiring screenshots show, found in the demo's database, and the demo candidate's
    sign-in link (made and "sent" by the space's service, the e-mail kept in memory)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vivier.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core import mail
    from django.db.models import Count, Q
    from django.urls import reverse
    from django.utils import timezone

    from vivier.accounts import sign_in_links
    from vivier.careers.space.demo import DEMO_CANDIDATE
    from vivier.hiring.conversations.models import InboundMessage, InboundStatus
    from vivier.hiring.interviews.models import Interview, InterviewStatus, Scorecard
    from vivier.hiring.models import Application
    from vivier.hiring.offer_letters.models import LetterStatus, OfferLetter

    held = Interview.objects.filter(
        status=InterviewStatus.SCHEDULED, ends_at__lt=timezone.now(),
        interviewers__email=DEMO_RECRUITER,
    )  # fmt: skip
    submitted = Scorecard.objects.filter(
        interviewer__email=DEMO_RECRUITER, submitted_at__isnull=False
    ).values("interview_id")
    to_fill = held.exclude(pk__in=submitted).order_by("pk").first()
    assessed = (
        held.annotate(cards=Count("scorecards", filter=Q(scorecards__submitted_at__isnull=False)))
        .filter(cards__gt=1)
        .order_by("pk")
        .first()
    )
    pending = OfferLetter.objects.filter(status=LetterStatus.SENT).select_related("message")
    letter = pending.filter(application__candidate__email=DEMO_CANDIDATE["email"]).first()
    letter = letter or pending.first()
    answer = re.search(r"/(?:en/)?proposition-embauche/[\w-]+/", letter.message.body).group(0)
    reply = InboundMessage.objects.filter(status=InboundStatus.ATTACHED).first()
    thread_of = Application.objects.filter(candidate__email=DEMO_CANDIDATE["email"])
    thread_of = thread_of.filter(inbound_messages__isnull=False).first() or reply.application

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sign_in_links.send_link(email=DEMO_CANDIDATE["email"], language="fr")
    link = re.search(r"https?://\S+/espace-candidat/connexion/[\w-]+/", mail.outbox[-1].body)
    return {
        "scorecard": reverse("interviews:scorecard", kwargs={"pk": to_fill.pk}),
        "panel": reverse("interviews:panel", kwargs={"pk": assessed.application_id}),
        "letter_template": reverse("offer_letters:template_edit", kwargs={"language": "fr"}),
        "answer": answer,
        "thread": reverse("conversations:thread", kwargs={"pk": reply.application_id}),
        "quarantine": reverse("conversations:quarantine"),
        "candidate_link": urlsplit(link.group(0)).path,
        "candidate_thread": reverse("space:application", kwargs={"pk": thread_of.pk}),
    }


def sign_in_recruiter(page, base: str) -> None:
    password, secret = demo_credentials()
    page.goto(base + "/accounts/login/")
    page.fill("#id_login", DEMO_RECRUITER)
    page.fill("#id_password", password)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.fill("#id_code", totp_code(secret))
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/app/"))


def careers(page, base: str) -> None:
    page.goto(base + "/")
    save(page, "careers-site")
    page.goto(base + "/offres/")
    save(page, "offer-list")


def board(page, base: str) -> None:
    page.goto(base + "/app/offers/")
    # The offer with the most applications makes the liveliest board.
    links = page.locator("td.number a")
    counts = [int(text) for text in links.all_inner_texts()]
    links.nth(counts.index(max(counts))).click()
    page.set_viewport_size({"width": 1700, "height": 900})
    page.wait_for_selector(".board")
    save(page, "pipeline-board")


def hiring(page, base: str, pages: dict) -> None:
    """Scorecards, offer letters and conversations, as the recruiter sees them."""
    page.set_viewport_size({"width": 1280, "height": 900})

    # An interviewer fills their scorecard: two criteria rated, a comment, nothing sent.
    page.goto(base + pages["scorecard"])
    criteria = page.locator("fieldset.criterion")
    for index, rating in enumerate(["3", "4"]):
        criteria.nth(index).locator(f"input[type=radio][value='{rating}']").check()
    criteria.nth(0).locator("input[type=text], textarea").first.fill(
        "Bonne maîtrise des outils ; exemples concrets."
    )
    save(page, "scorecard-fill", **content(page, bottom="fieldset.criterion:nth-of-type(2)"))

    # The panel summary: averages, each interviewer's scorecard, the decision.
    page.goto(base + pages["panel"])
    expect(page.locator("#averages-title")).to_be_visible()
    save(page, "scorecard-panel", **content(page))

    # The offer letter template, in French.
    page.goto(base + pages["letter_template"])
    save(page, "offer-letter-template", **content(page))

    # An application's conversation: the team's e-mails, the candidate's reply and its file.
    page.goto(base + pages["thread"])
    save(page, "conversation-thread", **content(page))

    # The quarantine.
    page.goto(base + pages["quarantine"])
    save(page, "conversation-quarantine", **content(page))


def candidate(browser, base: str, pages: dict) -> None:
    """The letter's page from the e-mail's link, and the demo candidate's space."""
    context = browser.new_context(viewport={"width": 900, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.goto(base + pages["answer"])
    save(page, "offer-letter-answer", **content(page))

    page.goto(base + pages["candidate_link"])
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/espace-candidat/$"))
    save(page, "space-applications", **content(page))
    # Her reply, the team's answer, and her next answer being written.
    page.goto(base + pages["candidate_thread"])
    page.locator("#thread textarea").fill(
        "Bonjour,\n\nMerci pour votre message. Je confirme jeudi à 14 h.\n\nCléo Le Bris"
    )
    replies = page.locator("#thread .timeline > li")
    start = f"#thread .timeline > li:nth-child({max(1, replies.count() - 1)})"
    save(page, "space-message", **content(page, top=start, bottom="#thread", within="#thread"))
    context.close()


def content(page, *, top: str = "", bottom: str = "", within: str = "main", pad: int = 16):
    """Screenshot options for the part of the page a guide shows, in page coordinates: across
    `within`, from the top of `top` (its first child if empty) to the bottom of `bottom` (its
    last child's if empty), `pad` pixels around."""
    box = page.evaluate(
        """([within, top, bottom, pad]) => {
            const area = document.querySelector(within);
            const first = top ? document.querySelector(top) : area.firstElementChild;
            const last = bottom ? document.querySelector(bottom) : area.lastElementChild;
            const y = window.scrollY, x = window.scrollX;
            const a = area.getBoundingClientRect(), f = first.getBoundingClientRect();
            const l = last.getBoundingClientRect();
            return {x: a.left + x, y: Math.max(0, f.top + y - pad), width: a.width,
                    height: l.bottom - f.top + 2 * pad};
        }""",
        [within, top, bottom, pad],
    )
    return {"clip": box, "full_page": True}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--only", choices=["careers", "hiring"], help="one set of screenshots")
    args = parser.parse_args()
    IMAGES.mkdir(parents=True, exist_ok=True)
    pages = demo_pages() if args.only != "careers" else {}
    # Playwright's sync API runs an event loop in this thread; the ORM is done by then.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium,
            headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--lang=fr-FR"],
            # The browser's own words (a file input's button, a date's format) in French, on
            # Linux from the environment (Debian: with the chromium-l10n package).
            env={**os.environ, "LANGUAGE": "fr", "LANG": "fr_FR.UTF-8"},
        )
        page = browser.new_page(viewport={"width": 1280, "height": 860}, locale="fr-FR")
        page.set_default_timeout(15_000)
        if args.only != "hiring":
            careers(page, args.base)
        sign_in_recruiter(page, args.base)
        if args.only != "hiring":
            board(page, args.base)
        if args.only != "careers":
            hiring(page, args.base, pages)
            candidate(browser, args.base, pages)
        browser.close()
    print("Screenshots written to", IMAGES)


if __name__ == "__main__":
    main()
